package dev.trellis.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.ExampleServer;
import dev.trellis.examples.Fixtures;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** examples/iris-ensemble.yaml, the README's first example, run from the file and called as its curl does. */
class IrisHttpTest {
    private final ObjectMapper json = new ObjectMapper();
    private ExampleServer server;

    @BeforeEach
    void start() {
        server = ExampleServer.start("iris-ensemble.yaml");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theReadmesFlowerIsSetosaForBothModels() throws Exception {
        HttpResponse<String> response = server.post("/iris",
                "{\"sepal length\": 5.1, \"sepal width\": 3.5, \"petal length\": 1.4, \"petal width\": 0.2}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"logistic\":\"setosa\",\"gradient_boosting\":\"setosa\"}");
    }

    @Test
    void everyReferenceRowGetsTheClassesScikitLearnPredicted() throws Exception {
        JsonNode logistic = Fixtures.reference("iris_logistic");
        JsonNode boosting = Fixtures.reference("iris_gradient_boosting");
        assertThat(boosting.get("rows")).isEqualTo(logistic.get("rows"));

        for (int i = 0; i < logistic.get("rows").size(); i++) {
            HttpResponse<String> response = server.post("/iris", IrisRequests.flower(logistic.get("rows").get(i)));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = json.readTree(response.body());
            assertThat(answer.get("logistic").asText()).as("row " + i).isEqualTo(IrisRequests.className(logistic, i));
            assertThat(answer.get("gradient_boosting").asText()).as("row " + i).isEqualTo(IrisRequests.className(boosting, i));
        }
    }

    @Test
    void aFlowerWithoutPetalWidthIsABadRequestNamingIt() throws Exception {
        HttpResponse<String> response = server.post("/iris", "{\"sepal length\": 5.1, \"sepal width\": 3.5, \"petal length\": 1.4}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("'petal width'").contains("required");
    }

    @Test
    void aMeasurementThatIsNotANumberIsABadRequestNamingIt() throws Exception {
        HttpResponse<String> response = server.post("/iris",
                "{\"sepal length\": \"long\", \"sepal width\": 3.5, \"petal length\": 1.4, \"petal width\": 0.2}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("'sepal length'").contains("long");
    }
}
