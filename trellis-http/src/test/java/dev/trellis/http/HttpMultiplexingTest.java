package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.serve.InvalidInputException;
import dev.trellis.serve.Multiplexed;
import dev.trellis.serve.Multiplexing;
import dev.trellis.serve.Serve;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code serve_multiplexed_model_id} header, from the client to {@code Multiplexing.modelId()} in an ingress. */
class HttpMultiplexingTest extends HttpServeTest {
    static final AtomicInteger REPLICAS = new AtomicInteger();

    public record Model(String id) {
    }

    public static final class ModelServer {
        private final int replica = REPLICAS.incrementAndGet();
        private final AtomicInteger loads = new AtomicInteger();

        @Multiplexed(maxNumModelsPerReplica = 2)
        public Model load(String modelId) {
            if (modelId.startsWith("unknown")) {
                throw new InvalidInputException("no model named " + modelId);
            }
            loads.incrementAndGet();
            return new Model(modelId);
        }

        public Map<String, Object> call(Request request) {
            Model model = Multiplexing.model(this, ModelServer::load);
            return Map.of("model", model.id(), "replica", replica, "loads", loads.get(), "text", request.text());
        }
    }

    @BeforeEach
    void runModelServer() {
        REPLICAS.set(0);
        Serve.run(Serve.deployment(ModelServer.class).options(o -> o.numReplicas(2)).bind(), "models", "/models");
    }

    private HttpResponse<String> postFor(String modelId, String headerName) {
        return send(HttpRequest.newBuilder(base.resolve("/models")).header(headerName, modelId)
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build());
    }

    @Test
    void theHeaderReachesTheIngressAndSelectsTheModel() {
        HttpResponse<String> response = postFor("customer-a", "serve_multiplexed_model_id");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("model").asText()).isEqualTo("customer-a");
        assertThat(body.get("text").asText()).isEqualTo("hello");
    }

    @Test
    void theHeaderNameIsCaseInsensitive() {
        HttpResponse<String> response = postFor("b", "Serve_Multiplexed_Model_ID");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("model").asText()).isEqualTo("b");
    }

    @Test
    void requestsForOneModelAreServedByTheReplicaThatLoadedIt() {
        Set<Integer> replicas = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            JsonNode body = json(postFor("a", "serve_multiplexed_model_id"));
            replicas.add(body.get("replica").asInt());
            assertThat(body.get("loads").asInt()).as("loaded once").isEqualTo(1);
        }
        assertThat(replicas).hasSize(1);
    }

    @Test
    void statusListsTheModelsEachReplicaHolds() {
        assertThat(postFor("m1", "serve_multiplexed_model_id").statusCode()).isEqualTo(200);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Serve.status().application("models").deployments().get("ModelServer").replicas())
                        .flatExtracting(r -> List.copyOf(r.multiplexedModelIds())).containsExactly("m1"));
    }

    @Test
    void aBlankHeaderIs400NamingTheHeader() throws Exception {
        try (var raw = new RawHttp(port())) {
            raw.write("GET /models HTTP/1.1\r\nHost: 127.0.0.1\r\nserve_multiplexed_model_id: \r\n\r\n");
            RawHttp.Reply reply = raw.read();

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body()).contains("header serve_multiplexed_model_id: multiplexed_model_id must not be blank");
        }
    }

    @Test
    void aRequestWithoutTheHeaderToAnIngressThatNeedsItIs400SayingHowToSetIt() {
        HttpResponse<String> response = post("/models", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).contains("this call has no multiplexed model id")
                .contains("serve_multiplexed_model_id");
    }

    @Test
    void anIdTheLoaderRejectsAsInvalidIs400NamingTheModel() {
        HttpResponse<String> response = postFor("unknown-9", "serve_multiplexed_model_id");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).isEqualTo("loading multiplexed model 'unknown-9' with"
                + " ModelServer.load failed: dev.trellis.serve.InvalidInputException: no model named unknown-9");
    }
}
