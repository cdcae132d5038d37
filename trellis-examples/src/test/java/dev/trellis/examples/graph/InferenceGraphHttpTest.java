package dev.trellis.examples.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.ExampleServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** examples/inference-graph.yaml over HTTP, as the README's curl calls it. */
class InferenceGraphHttpTest {
    private ExampleServer server;

    @BeforeEach
    void start() {
        server = ExampleServer.start("inference-graph.yaml");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sumReturnsTheFullyResolvedResult() throws Exception {
        HttpResponse<String> response = server.post("/my-dag", "[\"5\", [1, 2], \"sum\"]");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
        assertThat(response.body()).isEqualTo("sum((1 * (5 + 1.5)))");
    }

    @Test
    void maxTakesTheOtherBranchOfTheCombinersControlFlow() throws Exception {
        HttpResponse<String> response = server.post("/my-dag", "[\"7\", [2, 4, 9], \"max\"]");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("max((1 * (7 + 5.0)))");
    }

    @Test
    void anUnknownOperationIsABadRequestNamingIt() throws Exception {
        HttpResponse<String> response = server.post("/my-dag", "[\"5\", [1, 2], \"mean\"]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(response.body()).get("message").asText())
                .contains("operation must be \"sum\" or \"max\", was \"mean\"");
    }

    @Test
    void aFirstPartThatIsNotANumberIsABadRequestNamingIt() throws Exception {
        HttpResponse<String> response = server.post("/my-dag", "[\"five\", [1, 2], \"sum\"]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(response.body()).get("message").asText())
                .isEqualTo("preprocessor needs a whole number from -2147483648 to 2147483647, was \"five\"");
    }
}
