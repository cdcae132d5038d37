package dev.trellis.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.examples.composition.EnsembleModel;
import dev.trellis.serve.Application;
import dev.trellis.serve.config.ConfigException;
import dev.trellis.serve.config.ConfiguredApplication;
import dev.trellis.serve.config.ServeConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/iris-ensemble.yaml and examples/iris.yaml, the files the README and the CLI use, stay loadable and in step with the code. */
class IrisConfigFileTest {
    private static final Path CONFIG = Path.of("..", "examples", "iris-ensemble.yaml");
    private static final Path TUTORIAL = Path.of("..", "examples", "iris.yaml");

    @Test
    void loadsTheEnsembleWithItsOverrides() {
        ConfiguredApplication iris = ServeConfigFile.load(CONFIG).applications().getFirst();

        assertThat(iris.name()).isEqualTo("iris");
        assertThat(iris.routePrefix()).isEqualTo("/iris");
        assertThat(iris.application().ingress().userClass()).isEqualTo(IrisEnsemble.class);
        Application<?> logistic = (Application<?>) iris.application().args().getFirst();
        assertThat(logistic.ingress().name()).isEqualTo("LogisticRegression");
        assertThat(logistic.ingress().config().numReplicas()).isEqualTo(2);
        assertThat(logistic.args()).containsExactly(IrisModel.LOGISTIC_REGRESSION);
        Application<?> boosting = (Application<?>) iris.application().args().get(1);
        assertThat(boosting.args()).containsExactly(IrisModel.GRADIENT_BOOSTING);
    }

    @Test
    void theTutorialFileHasTheTutorialsThreeEndpoints() {
        List<ConfiguredApplication> apps = ServeConfigFile.load(TUTORIAL).applications();

        assertThat(apps).extracting(ConfiguredApplication::routePrefix).containsExactly("/logistic", "/svm", "/ensemble");
        assertThat(apps.get(0).application().ingress().name()).isEqualTo("LogisticRegression");
        assertThat(apps.get(0).application().args()).containsExactly(IrisModel.LOGISTIC_REGRESSION);
        assertThat(apps.get(1).application().ingress().name()).isEqualTo("SVM");
        assertThat(apps.get(1).application().args()).containsExactly(IrisModel.SVM);
        assertThat(apps.get(2).application().ingress().userClass()).isEqualTo(EnsembleModel.class);
        assertThat(apps.get(2).application().args()).extracting(a -> ((Application<?>) a).ingress().config().numReplicas())
                .containsExactly(2, 2);
    }

    @Test
    void argsPointAnApplicationAtAnotherModelFile(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("mine.yaml"), """
                applications:
                  - name: mine
                    route_prefix: /mine
                    import_path: dev.trellis.examples.iris.IrisTutorial:logistic
                    args: {model: /srv/models/my_iris.onnx}
                """);

        assertThat(ServeConfigFile.load(config).applications().getFirst().application().args())
                .containsExactly("/srv/models/my_iris.onnx");
    }

    @Test
    void withoutArgsTheFixturesAreServed(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("plain.yaml"), """
                applications:
                  - name: svm
                    import_path: dev.trellis.examples.iris.IrisTutorial:svm
                """);

        assertThat(ServeConfigFile.load(config).applications().getFirst().application().args())
                .containsExactly(IrisModel.SVM);
    }

    @Test
    void aMisspelledArgIsAConfigErrorNamingIt(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("typo.yaml"), """
                applications:
                  - name: ensemble
                    import_path: dev.trellis.examples.iris.IrisTutorial:ensemble
                    args: {logistic: /srv/models/my_iris.onnx}
                """);

        assertThatThrownBy(() -> ServeConfigFile.load(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("args")
                .hasMessageContaining("logistic");
    }
}
