package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.http.routes.Get;
import dev.trellis.http.routes.PathParam;
import dev.trellis.http.routes.Post;
import dev.trellis.serve.Batch;
import dev.trellis.serve.Serve;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @Batch} ingress methods over HTTP: one body (or path value) per request, one result per response. */
class HttpBatchingTest extends HttpServeTest {
    static final ConcurrentLinkedQueue<Integer> BATCH_SIZES = new ConcurrentLinkedQueue<>();

    public record Features(double x) {
    }

    public record Score(double y, int batchSize) {
    }

    /** A JSON-body ingress (Ray's json_request) whose one method is batched. */
    public static final class Scorer {
        @Batch(maxBatchSize = 4, batchWaitTimeoutMillis = 60_000)
        public List<Score> score(List<Features> batch) {
            BATCH_SIZES.add(batch.size());
            return batch.stream().map(f -> new Score(2 * f.x(), batch.size())).toList();
        }
    }

    public static final class Routes {
        @Post("/square")
        @Batch(maxBatchSize = 4, batchWaitTimeoutMillis = 60_000)
        public List<Integer> square(List<Features> batch) {
            BATCH_SIZES.add(batch.size());
            return batch.stream().map(f -> (int) (f.x() * f.x())).toList();
        }

        @Get("/negate/{x}")
        @Batch(maxBatchSize = 2, batchWaitTimeoutMillis = 60_000)
        public List<Integer> negate(@PathParam("x") List<Integer> xs) {
            BATCH_SIZES.add(xs.size());
            return xs.stream().map(x -> -x).toList();
        }
    }

    /** A streaming batch: request n gets n lines. */
    public static final class Lines {
        @Batch(maxBatchSize = 3, batchWaitTimeoutMillis = 60_000)
        public Stream<List<String>> lines(List<Integer> counts) {
            BATCH_SIZES.add(counts.size());
            int steps = counts.stream().max(Integer::compare).orElse(0);
            return IntStream.range(0, steps).mapToObj(s -> {
                var step = new ArrayList<String>();
                counts.forEach(n -> step.add(s < n ? n + ":" + s + "\n" : null));
                return step;
            });
        }
    }

    @BeforeEach
    void forget() {
        BATCH_SIZES.clear();
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, String json) {
        return client.sendAsync(HttpRequest.newBuilder(base.resolve(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<HttpResponse<String>> all(List<CompletableFuture<HttpResponse<String>>> requests) {
        return requests.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void concurrentRequestsAreBatchedAndEachGetsItsOwnResult() {
        Serve.run(Serve.deployment(Scorer.class).options(o -> o.maxOngoingRequests(8)).bind(), "score", "/score");

        var responses = all(IntStream.range(0, 8).mapToObj(i -> postAsync("/score", "{\"x\":" + i + "}")).toList());

        for (int i = 0; i < 8; i++) {
            assertThat(responses.get(i).statusCode()).isEqualTo(200);
            JsonNode body = json(responses.get(i));
            assertThat(body.get("y").asDouble()).isEqualTo(2.0 * i);
            assertThat(body.get("batchSize").asInt()).isEqualTo(4);
        }
        assertThat(BATCH_SIZES).containsExactly(4, 4);
    }

    @Test
    void aBodyOfTheWrongShapeIsA400ForThatRequestOnly() {
        Serve.run(Serve.deployment(Scorer.class).options(o -> o.maxOngoingRequests(8)).bind(), "score", "/score");

        HttpResponse<String> response = post("/score", "[{\"x\":1}]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(BATCH_SIZES).isEmpty();
    }

    @Test
    void annotatedRoutesBindOneBodyOrPathValuePerRequest() {
        Serve.run(Serve.deployment(Routes.class).options(o -> o.maxOngoingRequests(8)).bind(), "routes", "/r");

        var squares = all(IntStream.range(0, 4).mapToObj(i -> postAsync("/r/square", "{\"x\":" + i + "}")).toList());
        var negated = all(List.of(getAsync("/r/negate/5"), getAsync("/r/negate/7")));

        assertThat(squares).extracting(HttpResponse::body).containsExactly("0", "1", "4", "9");
        assertThat(negated).extracting(HttpResponse::body).containsExactly("-5", "-7");
        assertThat(BATCH_SIZES).containsExactlyInAnyOrder(4, 2);
    }

    @Test
    void theOpenApiDocumentDescribesOneItemPerRequest() {
        Serve.run(Serve.deployment(Routes.class).bind(), "routes", "/r");

        JsonNode square = json(get("/r/openapi.json")).get("paths").get("/r/square").get("post");

        assertThat(square.at("/requestBody/content/application~1json/schema/$ref").asText()).endsWith("/Features");
        assertThat(square.at("/responses/200/content/application~1json/schema/type").asText()).isEqualTo("integer");
    }

    @Test
    void thePrintedCurlExamplePostsOneItem() {
        assertThat(dev.trellis.http.internal.CurlExamples.curl("http://127.0.0.1:8000", "/score", Scorer.class))
                .isEqualTo("curl -X POST http://127.0.0.1:8000/score -H 'content-type: application/json' -d '{\"x\":1.0}'");
    }

    @Test
    void aStreamingBatchStreamsEachRequestItsOwnLines() {
        Serve.run(Serve.deployment(Lines.class).bind(), "lines", "/lines");

        var responses = all(List.of(postAsync("/lines", "1"), postAsync("/lines", "3"), postAsync("/lines", "2")));

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(responses).extracting(HttpResponse::body).containsExactly("1:0\n", "3:0\n3:1\n3:2\n", "2:0\n2:1\n");
        assertThat(BATCH_SIZES).containsExactly(3);
    }
}
