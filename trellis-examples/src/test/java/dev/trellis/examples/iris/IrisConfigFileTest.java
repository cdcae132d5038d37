package dev.trellis.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.Application;
import dev.trellis.serve.config.ConfiguredApplication;
import dev.trellis.serve.config.ServeConfigFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** examples/iris-ensemble.yaml, the file the README and the CLI use, stays loadable and in step with IrisApp. */
class IrisConfigFileTest {
    private static final Path CONFIG = Path.of("..", "examples", "iris-ensemble.yaml");

    @Test
    void loadsTheEnsembleWithItsOverrides() {
        ConfiguredApplication iris = ServeConfigFile.load(CONFIG).applications().getFirst();

        assertThat(iris.name()).isEqualTo("iris");
        assertThat(iris.routePrefix()).isEqualTo("/iris");
        assertThat(iris.application().ingress().userClass()).isEqualTo(IrisEnsemble.class);
        Application<?> logistic = (Application<?>) iris.application().args().getFirst();
        assertThat(logistic.ingress().name()).isEqualTo("LogisticRegression");
        assertThat(logistic.ingress().config().numReplicas()).isEqualTo(2);
    }
}
