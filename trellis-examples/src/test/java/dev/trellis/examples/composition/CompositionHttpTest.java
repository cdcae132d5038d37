package dev.trellis.examples.composition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.ExampleServer;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeStatus;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** examples/composition.yaml, run as the README says and called as its curls do. */
class CompositionHttpTest {
    private static final String TUTORIAL_SAMPLE =
            "{\"sepal length\": 1.2, \"sepal width\": 1.0, \"petal length\": 1.1, \"petal width\": 0.9}";
    private static final String VIRGINICA =
            "{\"sepal length\": 6.3, \"sepal width\": 3.3, \"petal length\": 6.0, \"petal width\": 2.5}";
    private static final String NO_PETAL_WIDTH = "{\"sepal length\": 5.1, \"sepal width\": 3.5, \"petal length\": 1.4}";

    private ExampleServer server;

    @BeforeEach
    void start() {
        server = ExampleServer.start("composition.yaml");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void composedRunsTheFlowerThroughScalerAndSvm() throws Exception {
        HttpResponse<String> response = server.post("/composed", TUTORIAL_SAMPLE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("versicolor");
        assertThat(server.post("/composed", VIRGINICA).body()).isEqualTo("virginica");
    }

    @Test
    void ensembleReturnsBothModelsAnswers() throws Exception {
        HttpResponse<String> response = server.post("/ensemble", TUTORIAL_SAMPLE);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answers = new ObjectMapper().readTree(response.body());
        assertThat(answers.get("logistic").asText()).isEqualTo("setosa");
        assertThat(answers.get("svm").asText()).isEqualTo("versicolor");
    }

    @Test
    void ensembleModelsAgreeOnAClearCase() throws Exception {
        JsonNode answers = new ObjectMapper().readTree(server.post("/ensemble", VIRGINICA).body());

        assertThat(answers.get("logistic").asText()).isEqualTo("virginica");
        assertThat(answers.get("svm").asText()).isEqualTo("virginica");
    }

    @Test
    void aFlowerWithoutPetalWidthIsABadRequestNamingItAtBothRoutes() throws Exception {
        for (String route : new String[] {"/composed", "/ensemble"}) {
            HttpResponse<String> response = server.post(route, NO_PETAL_WIDTH);

            assertThat(response.statusCode()).as(route).isEqualTo(400);
            assertThat(response.body()).as(route).contains("'petal width'").contains("required");
        }
    }

    @Test
    void eachApplicationRunsTheReplicasTheFileAsksFor() {
        ServeStatus status = Serve.status();

        assertThat(status.application("composed").deployments()).containsOnlyKeys(
                "SvmPipeline", "FeatureScaler", "LinearSVM");
        assertThat(status.application("ensemble").deployments()).containsOnlyKeys(
                "EnsembleModel", "LogisticRegression", "SvmPipeline", "FeatureScaler", "LinearSVM");
        assertThat(status.application("composed").deployments().get("LinearSVM").count(ReplicaState.RUNNING)).isEqualTo(2);
        assertThat(status.application("ensemble").deployments().get("LogisticRegression").count(ReplicaState.RUNNING))
                .isEqualTo(2);
    }
}
