package dev.trellis.examples.composition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.examples.iris.WaitsForTheOther;
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

/**
 * The {@link EnsembleModel} calls its two models in parallel. Its models here are doubles that
 * must both be inside their call at the same time to pass a barrier: had the ensemble awaited
 * the first model before calling the second, the first would time out alone at the barrier.
 */
class EnsembleParallelTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        WaitsForTheOther.BOTH_MODELS_RUNNING.reset();
        Serve.start(ServeOptions.builder().http(HttpOptions.builder().port(0).build()).build());
    }

    @AfterEach
    void stop() {
        client.close();
        Serve.shutdown();
    }

    @Test
    void bothModelsAreCalledBeforeEitherIsAwaited() throws Exception {
        var app = Serve.deployment(EnsembleModel.class).bind(
                Serve.deployment(WaitsForTheOther.class).withName("Logistic").bind("setosa"),
                Serve.deployment(WaitsForTheOther.class).withName("Svm").bind("versicolor"));
        Serve.run(app, "ensemble", "/ensemble");
        URI ensemble = URI.create("http://127.0.0.1:" + Serve.httpAddress().orElseThrow().getPort() + "/ensemble");

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(ensemble)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sepal length\": 5.1, \"sepal width\": 3.5, \"petal length\": 1.4, \"petal width\": 0.2}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"logistic\":\"setosa\",\"svm\":\"versicolor\"}");
    }
}
