package dev.trellis.examples.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.ExampleServer;
import dev.trellis.serve.graph.DeploymentGraph;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/pipelines.yaml over HTTP, as the README's curls call it; each pipeline's answer is
 * also compared with the same graph executed locally, without replicas.
 */
class PipelinesHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ExampleServer server;

    @BeforeAll
    static void start() {
        server = ExampleServer.start("pipelines.yaml");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String body(Object... keysAndValues) throws Exception {
        var body = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return JSON.writeValueAsString(body);
    }

    private static JsonNode answer(String path, String body) throws Exception {
        HttpResponse<String> response = server.post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** What the graph answers in local execution mode, given the body the driver would get. */
    private static JsonNode local(DeploymentGraph graph, String body) throws Exception {
        return JSON.valueToTree(graph.executeLocally(JSON.readValue(body, Map.class)));
    }

    @Test
    void theChainClassifiesWithOneModel() throws Exception {
        JsonNode answer = answer("/pipelines/chain", body("image", Images.VERTICAL_STRIPES));

        assertThat(answer.get("model").asText()).isEqualTo("resnet18");
        assertThat(answer.get("label").asText()).isEqualTo("vertical stripes");
        assertThat(answer.get("scores").get("vertical stripes").asDouble()).isEqualTo(0.9647);
    }

    @Test
    void theChainAnswersLocallyAsDeployed() throws Exception {
        String body = body("image", Images.VERTICAL_STRIPES);

        assertThat(local(Pipelines.chainGraph(), body)).isEqualTo(answer("/pipelines/chain", body));
    }

    @Test
    void theEnsembleAnswersWhenBothModelsAreConfident() throws Exception {
        JsonNode answer = answer("/pipelines/ensemble", body("image", Images.HORIZONTAL_STRIPES));

        assertThat(answer).isEqualTo(JSON.readTree(
                "{\"label\":\"horizontal stripes\",\"confidence\":0.982,\"needs_review\":false,"
                        + "\"models\":[\"resnet18\",\"resnet34\"]}"));
    }

    @Test
    void theEnsembleFlagsAnAmbiguousImageForReview() throws Exception {
        JsonNode answer = answer("/pipelines/ensemble", body("image", Images.CHECKERBOARD));

        assertThat(answer.get("label").asText()).isEqualTo("uncertain");
        assertThat(answer.get("needs_review").asBoolean()).isTrue();
    }

    @Test
    void theEnsembleAnswersLocallyAsDeployed() throws Exception {
        for (int[][] image : new int[][][] {Images.HORIZONTAL_STRIPES, Images.CHECKERBOARD}) {
            String body = body("image", image);
            assertThat(local(Pipelines.ensembleGraph(), body)).isEqualTo(answer("/pipelines/ensemble", body));
        }
    }

    @Test
    void theSelectionSendsFastToTheSmallModelAndAccurateToTheLargeOne() throws Exception {
        JsonNode fast = answer("/pipelines/select", body("model", "fast", "image", Images.HORIZONTAL_STRIPES));
        JsonNode accurate = answer("/pipelines/select", body("model", "accurate", "image", Images.HORIZONTAL_STRIPES));

        assertThat(fast.get("model").asText()).isEqualTo("resnet18");
        assertThat(accurate.get("model").asText()).isEqualTo("resnet34");
        assertThat(accurate.get("scores").get("horizontal stripes").asDouble()).isEqualTo(0.9993);
    }

    @Test
    void theSelectionAnswersLocallyAsDeployed() throws Exception {
        for (String model : new String[] {"fast", "accurate"}) {
            String body = body("model", model, "image", Images.GRAY);
            assertThat(local(Pipelines.selectionGraph(), body)).isEqualTo(answer("/pipelines/select", body));
        }
    }

    @Test
    void anUnknownModelIsABadRequestNamingTheChoices() throws Exception {
        HttpResponse<String> response = server.post("/pipelines/select",
                body("model", "huge", "image", Images.GRAY));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("message").asText())
                .contains("model must be \"fast\" or \"accurate\", was \"huge\"");
    }

    @Test
    void aRaggedImageIsABadRequestNamingTheRow() throws Exception {
        HttpResponse<String> response = server.post("/pipelines/chain", "{\"image\": [[0, 0], [0]]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("message").asText())
                .isEqualTo("image rows must all have 2 pixels, row 1 has 1");
    }
}
