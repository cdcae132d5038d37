package dev.trellis.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link IrisEnsemble} asks its two models in parallel. Its models here are doubles that must
 * both be inside their call at the same time to pass a barrier: had the ensemble awaited the
 * first model before calling the second, the first would time out alone at the barrier.
 * (The ensemble of {@code examples/iris.yaml}, {@code EnsembleModel}, is proven the same way by
 * {@code EnsembleParallelTest}.)
 */
class IrisEnsembleParallelTest {
    @BeforeEach
    void start() {
        WaitsForTheOther.BOTH_MODELS_RUNNING.reset();
        Serve.start(ServeOptions.builder().http(HttpOptions.builder().port(0).build()).build());
    }

    @AfterEach
    void stop() {
        Serve.shutdown();
    }

    @Test
    void bothModelsAreCalledBeforeEitherIsAwaited() {
        var app = Serve.deployment(IrisEnsemble.class).bind(
                Serve.deployment(WaitsForTheOther.class).withName("LogisticRegression").bind("setosa"),
                Serve.deployment(WaitsForTheOther.class).withName("GradientBoosting").bind("versicolor"));
        var ensemble = Serve.run(app, "iris", null);

        assertThat(ensemble.remote(IrisEnsemble::predict, new IrisFeatures(5.1, 3.5, 1.4, 0.2)).result())
                .isEqualTo(new EnsemblePrediction("setosa", "versicolor"));
    }
}
