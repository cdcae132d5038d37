package dev.trellis.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The iris ensemble over HTTP, as the README's curl calls it. */
class IrisHttpTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private URI iris;

    @BeforeEach
    void start() {
        Serve.start(ServeOptions.builder().http(HttpOptions.builder().port(0).build()).build());
        Serve.run(IrisApp.app, "iris", "/iris");
        iris = URI.create("http://127.0.0.1:" + Serve.httpAddress().orElseThrow().getPort() + "/iris");
    }

    @AfterEach
    void stop() {
        client.close();
        Serve.shutdown();
    }

    private HttpResponse<String> post(String json) throws Exception {
        return client.send(HttpRequest.newBuilder(iris).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFlowerPostedAsJsonGetsBothModelsAnswers() throws Exception {
        HttpResponse<String> response = post(
                "{\"sepal length\": 5.1, \"sepal width\": 3.5, \"petal length\": 1.4, \"petal width\": 0.2}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = new ObjectMapper().readTree(response.body());
        assertThat(answer.get("logistic").asText()).isEqualTo("setosa");
        assertThat(answer.get("gradient_boosting").asText()).isEqualTo("setosa");
    }

    @Test
    void aFlowerWithoutPetalWidthIsABadRequestNamingIt() throws Exception {
        HttpResponse<String> response = post("{\"sepal length\": 5.1, \"sepal width\": 3.5, \"petal length\": 1.4}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("'petal width'").contains("required");
    }
}
