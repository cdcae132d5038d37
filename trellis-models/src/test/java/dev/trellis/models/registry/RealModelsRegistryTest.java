package dev.trellis.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trellis.models.Fixtures;
import dev.trellis.models.Model;
import dev.trellis.models.Prediction;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry with the real runtimes: committed ONNX and XGBoost fixtures, registered, aliased, loaded and swapped. */
class RealModelsRegistryTest {
    @TempDir
    Path store;

    @Test
    void aRegisteredOnnxModelLoadsByAliasWithItsSignatureAndPredictsAsTheFixture() {
        var registry = ModelRegistry.open(store);
        var reference = Fixtures.reference("iris_logistic");
        var v1 = registry.register("iris", Fixtures.model("iris_logistic").toString(), o -> o.alias("champion"));

        assertThat(v1.flavor()).isEqualTo("onnx");
        assertThat(v1.signature()).hasValueSatisfying(s -> assertThat(s.inputs().getFirst().exampleSize()).isEqualTo(4));
        try (Model model = registry.load("models:/iris@champion")) {
            for (int i = 0; i < reference.rows().length; i++) {
                Prediction p = model.predict(reference.rows()[i]);
                assertThat(p.label()).isEqualTo(reference.labels()[i]);
                assertThat(p.scores()).containsExactly(reference.scores()[i], within(1e-4f));
            }
        }
    }

    @Test
    void movingTheAliasFromTheLogisticModelToTheSvmSwapsWhatAReloadableModelServes() {
        var registry = ModelRegistry.open(store);
        registry.register("iris", Fixtures.model("iris_logistic").toString(), o -> o.alias("champion"));
        registry.register("iris", Fixtures.model("iris_svm").toString());
        var svm = Fixtures.reference("iris_svm");
        try (var served = ReloadableModel.load(registry, "models:/iris@champion")) {
            assertThat(served.version()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
            registry.setAlias("iris", "champion", 2);
            served.checkForUpdate();

            assertThat(served.version()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
            assertThat(served.predict(svm.rows()[0]).scores()).containsExactly(svm.scores()[0], within(1e-4f));
        }
    }

    @Test
    void aPythonSavedXGBoostModelIsRegisteredWithItsFlavorAndFeatureCount() {
        var registry = ModelRegistry.open(store);
        Path taxi = Fixtures.root().resolve("models/taxi_xgboost/model.ubj");
        var version = registry.register("taxi", taxi.toString());

        assertThat(version.flavor()).isEqualTo("xgboost");
        try (Model model = registry.load("models:/taxi/latest")) {
            assertThat(model.featureCount()).isEqualTo(6);
        }
    }
}
