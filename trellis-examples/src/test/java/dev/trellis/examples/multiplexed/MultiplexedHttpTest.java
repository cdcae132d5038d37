package dev.trellis.examples.multiplexed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.ExampleServer;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** examples/multiplexed.yaml, run as the CLI runs it and called as its curl does. */
class MultiplexedHttpTest {
    private static final String HEADER = "serve_multiplexed_model_id";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExampleServer server;

    @BeforeEach
    void start() {
        server = ExampleServer.start("multiplexed.yaml");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Sentiment classify(String model, String text) throws Exception {
        HttpResponse<String> response = server.post("/sentiment", "{\"text\": \"" + text + "\"}", HEADER, model);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), Sentiment.class);
    }

    @Test
    void theHeaderPicksTheModelThatJudgesTheText() throws Exception {
        assertThat(classify("reviews-en", "a great film")).isEqualTo(new Sentiment("reviews-en", "positive", 2));
        assertThat(classify("reviews-fr", "un film génial")).isEqualTo(new Sentiment("reviews-fr", "positive", 2));
        assertThat(classify("reviews-en", "un film génial")).isEqualTo(new Sentiment("reviews-en", "neutral", 0));
        assertThat(classify("support-en", "still waiting, this is unacceptable"))
                .isEqualTo(new Sentiment("support-en", "negative", -3));
    }

    @Test
    void moreModelsThanOneReplicaHoldsAreAllServedAgainAndAgain() throws Exception {
        for (int round = 0; round < 3; round++) {
            for (String model : new String[] {"reviews-en", "reviews-fr", "support-en"}) {
                assertThat(classify(model, "excellent").model()).isEqualTo(model);
            }
        }
    }

    @Test
    void anUnknownModelIs400NamingTheKnownOnes() throws Exception {
        HttpResponse<String> response = server.post("/sentiment", "{\"text\": \"good\"}", HEADER, "reviews-de");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("loading multiplexed model 'reviews-de'")
                .contains("no sentiment model named 'reviews-de'; models: [reviews-en, reviews-fr, support-en]");
    }

    @Test
    void aRequestWithoutTheHeaderIs400SayingHowToSetIt() throws Exception {
        HttpResponse<String> response = server.post("/sentiment", "{\"text\": \"good\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("no multiplexed model id").contains(HEADER);
    }

    @Test
    void theFileRunsTwoReplicas() {
        assertThat(Serve.status().application("sentiment").deployments().get("SentimentService")
                .count(ReplicaState.RUNNING)).isEqualTo(2);
    }
}
