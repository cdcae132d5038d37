package dev.trellis.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.ExampleServer;
import dev.trellis.examples.Fixtures;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** examples/iris.yaml, seed 004 as written: /logistic, /svm and /ensemble over the real ONNX models. */
class IrisTutorialHttpTest {
    private static final String SEED_SAMPLE =
            "{\"sepal length\": 1.2, \"sepal width\": 1.0, \"petal length\": 1.1, \"petal width\": 0.9}";
    private static ExampleServer server;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = ExampleServer.start("iris.yaml");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theTutorialsSampleIsSetosaForTheLogisticRegression() throws Exception {
        HttpResponse<String> response = server.post("/logistic", SEED_SAMPLE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("setosa");
    }

    @Test
    void theTutorialsSampleIsVersicolorForTheSvm() throws Exception {
        HttpResponse<String> response = server.post("/svm", SEED_SAMPLE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("versicolor");
    }

    @Test
    void theEnsembleReturnsBothAnswersForTheTutorialsSample() throws Exception {
        HttpResponse<String> response = server.post("/ensemble", SEED_SAMPLE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"logistic\":\"setosa\",\"svm\":\"versicolor\"}");
    }

    @Test
    void eachEndpointAnswersWhatScikitLearnPredictedForEveryReferenceRow() throws Exception {
        JsonNode logistic = Fixtures.reference("iris_logistic");
        JsonNode svm = Fixtures.reference("iris_svm");
        assertThat(svm.get("rows")).isEqualTo(logistic.get("rows"));

        for (int i = 0; i < logistic.get("rows").size(); i++) {
            String flower = IrisRequests.flower(logistic.get("rows").get(i));
            String expectedLogistic = IrisRequests.className(logistic, i);
            String expectedSvm = IrisRequests.className(svm, i);

            assertThat(server.post("/logistic", flower).body()).as("row " + i).isEqualTo(expectedLogistic);
            assertThat(server.post("/svm", flower).body()).as("row " + i).isEqualTo(expectedSvm);
            JsonNode both = json.readTree(server.post("/ensemble", flower).body());
            assertThat(both.get("logistic").asText()).as("row " + i).isEqualTo(expectedLogistic);
            assertThat(both.get("svm").asText()).as("row " + i).isEqualTo(expectedSvm);
        }
    }

    @Test
    void aMissingMeasurementIsABadRequestNamingItAtEveryEndpoint() throws Exception {
        String withoutSepalWidth = "{\"sepal length\": 1.2, \"petal length\": 1.1, \"petal width\": 0.9}";
        for (String path : new String[] {"/logistic", "/svm", "/ensemble"}) {
            HttpResponse<String> response = server.post(path, withoutSepalWidth);

            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body()).as(path).contains("'sepal width'").contains("required");
        }
    }

    @Test
    void aMeasurementOfTheWrongTypeIsABadRequestNamingIt() throws Exception {
        HttpResponse<String> response = server.post("/ensemble",
                "{\"sepal length\": 1.2, \"sepal width\": [1.0], \"petal length\": 1.1, \"petal width\": 0.9}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("'sepal width'");
    }
}
