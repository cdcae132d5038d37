package dev.trellis.http.internal.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.http.Request;
import dev.trellis.http.Response;
import dev.trellis.http.routes.Delete;
import dev.trellis.http.routes.Get;
import dev.trellis.http.routes.PathParam;
import dev.trellis.http.routes.Post;
import dev.trellis.http.routes.Put;
import dev.trellis.http.routes.QueryParam;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An ingress like seed 001's FastAPI image classifier, with one route for each kind of
 * binding. Methods return their arguments so tests can see what was bound.
 */
public class ClassifierIngress {
    public enum Species { SETOSA, VERSICOLOR, VIRGINICA }

    public record Features(double sepalLength, double sepalWidth, double petalLength, double petalWidth) {
        public Features {
            if (sepalLength < 0) {
                throw new IllegalArgumentException("sepalLength must be >= 0, was " + sepalLength);
            }
        }
    }

    public record Prediction(Species species, double confidence) {
    }

    public record Item(String name, int count, Optional<String> note) {
    }

    public record Order(Item item, List<Item> extras) {
    }

    public record OrderRef(long userId, UUID orderId) {
    }

    @Post(value = "/predict", summary = "Classify one flower")
    public Prediction predict(Features features) {
        return new Prediction(Species.SETOSA, features.sepalLength());
    }

    @Post("/predict/batch")
    public List<Prediction> predictBatch(List<Features> batch) {
        return batch.stream().map(this::predict).toList();
    }

    @Get("/health")
    public Map<String, String> health() {
        return Map.of("status", "ok");
    }

    @Get("/items/{id}")
    public Object[] item(@PathParam int id, @QueryParam(defaultValue = "false") boolean verbose) {
        return new Object[] {id, verbose};
    }

    @Get("/items/latest")
    public String latestItem() {
        return "latest";
    }

    @Put("/items/{id}")
    public Object[] putItem(@PathParam int id, Item item) {
        return new Object[] {id, item};
    }

    @Delete("/items/{id}")
    public void deleteItem(@PathParam int id) {
    }

    @Get("/users/{user_id}/orders/{order_id}")
    public OrderRef order(@PathParam("user_id") long userId, @PathParam("order_id") UUID orderId) {
        return new OrderRef(userId, orderId);
    }

    @Get("/search")
    public Object[] search(@QueryParam String q, @QueryParam Optional<Integer> limit, @QueryParam List<String> tag,
                           @QueryParam(defaultValue = "SETOSA") Species species, @QueryParam Optional<BigDecimal> minScore,
                           @QueryParam("max_results") Optional<Long> maxResults) {
        return new Object[] {q, limit, tag, species, minScore, maxResults};
    }

    @Get("/species/{species}")
    public Species species(@PathParam Species species, @QueryParam List<Double> weight, @QueryParam Optional<Character> initial) {
        return species;
    }

    @Post("/orders")
    public Order placeOrder(Order order, @QueryParam Optional<Boolean> express) {
        return order;
    }

    @Post("/raw")
    public JsonNode raw(JsonNode body) {
        return body;
    }

    @Post("/notes")
    public Optional<Item> note(Optional<Item> item) {
        return item;
    }

    @Post("/echo")
    @Put("/echo")
    public Response echo(Request request) {
        return Response.text(request.text());
    }
}
