package dev.trellis.examples.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.ExampleServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Keeps examples/batching.yaml and docs/batching.md true. */
class BatchingExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void concurrentRequestsAreScoredTogetherEachGettingItsOwnAnswer() throws Exception {
        List<String> texts = List.of("I love it", "awful service", "it is a chair", "great and happy");
        List<JsonNode> answers = new ArrayList<>();
        try (var server = ExampleServer.start("batching.yaml");
             var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String body = "{\"text\": \"" + texts.get(i % 4) + "\"}";
                responses.add(callers.submit(() -> server.post("/sentiment", body)));
            }
            for (Future<HttpResponse<String>> r : responses) {
                assertThat(r.get().statusCode()).isEqualTo(200);
                answers.add(JSON.readTree(r.get().body()));
            }
        }

        for (int i = 0; i < 16; i++) {
            String expected = List.of("positive", "negative", "neutral", "positive").get(i % 4);
            assertThat(answers.get(i).get("label").asText()).isEqualTo(expected);
        }
        assertThat(answers).extracting(a -> a.get("batchSize").asInt()).allSatisfy(size -> assertThat(size)
                .isBetween(1, 16));
        assertThat(answers).anySatisfy(a -> assertThat(a.get("batchSize").asInt()).isGreaterThan(1));
    }
}
