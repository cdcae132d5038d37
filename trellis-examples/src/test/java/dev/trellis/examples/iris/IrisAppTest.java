package dev.trellis.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeFunction;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.ServeOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The iris applications running in the embedded runtime. */
class IrisAppTest {
    private static final IrisFeatures VIRGINICA = new IrisFeatures(6.3, 3.3, 6.0, 2.5);

    /** The HTTP proxy on a free port, so tests never collide with a server on 8000. */
    @BeforeEach
    void start() {
        Serve.start(ServeOptions.builder().http(HttpOptions.builder().port(0).build()).build());
    }

    @AfterEach
    void shutdown() {
        Serve.shutdown();
    }

    @Test
    void ensembleReturnsBothModelsAnswers() {
        var ensemble = Serve.run(IrisApp.app, "iris", "/iris");

        assertThat(ensemble.remote(IrisEnsemble::predict, VIRGINICA).result())
                .isEqualTo(new EnsemblePrediction("virginica", "virginica"));
    }

    @Test
    void petalRuleRunsAsFunctionDeployment() {
        var rule = Serve.run(IrisApp.petalRule, "petal-rule", "/petal-rule");

        assertThat(rule.remote(ServeFunction::apply, VIRGINICA).result()).isEqualTo("virginica");
    }
}
