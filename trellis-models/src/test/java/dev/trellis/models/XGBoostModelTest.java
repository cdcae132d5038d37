package dev.trellis.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The XGBoost runtime on the taxi tip model that Python xgboost saved (fixtures/models/taxi_xgboost). */
class XGBoostModelTest {
    private static JsonNode reference;
    private static float[][] inputs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readReference() {
        reference = FixtureFiles.json("models/taxi_xgboost/reference.json");
        inputs = FixtureFiles.floatRows(reference.get("inputs"));
    }

    private static Path model(String file) {
        return FixtureFiles.fixture("models/taxi_xgboost/" + file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.json", "model.ubj"})
    void predictionsMatchWhatPythonPredicted(String file) {
        try (Model model = Models.load(model(file))) {
            List<Prediction> predictions = model.predict(inputs);

            assertThat(predictions).hasSize(inputs.length);
            for (int i = 0; i < inputs.length; i++) {
                float p = (float) reference.get("probabilities").get(i).asDouble();
                Prediction prediction = predictions.get(i);
                assertThat(prediction.label()).as("label of row %d", i).isEqualTo(reference.get("labels").get(i).asInt());
                assertThat(prediction.scores()[1]).as("probability of row %d", i).isCloseTo(p, within(1e-5f));
                assertThat(prediction.scores()[0]).isCloseTo(1f - p, within(1e-5f));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.json", "model.ubj"})
    void signatureAndFeatureNamesComeFromTheModel(String file) {
        try (Model model = Models.load(model(file))) {
            assertThat(model.flavor()).isEqualTo("xgboost");
            assertThat(model.featureCount()).isEqualTo(6);
            assertThat(model.featureNames()).isEqualTo(FixtureFiles.strings(reference.get("feature_names")));
            assertThat(model.signature().inputs().getFirst().shape()).containsExactly(-1, 6);
            assertThat(model.signature().outputs()).extracting(TensorSpec::name).containsExactly("label", "probabilities");
            assertThat(model.signature().outputs().get(1).shape()).containsExactly(-1, 2);
        }
    }

    @Test
    void oneRowPredictsAsInABatch() {
        try (Model model = Models.load(model("model.ubj"))) {
            assertThat(model.predict(inputs[3])).isEqualTo(model.predict(inputs).get(3));
        }
    }

    @Test
    void wrongFeatureCountNamesExpectedAndActual() {
        try (Model model = Models.load(model("model.json"))) {
            float[][] rows = {inputs[0], new float[5]};

            assertThatThrownBy(() -> model.predict(rows))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessageContaining("expected 6 features per row, got 5 in row 1")
                    .hasMessageContaining("model.json");
            assertThatThrownBy(() -> model.predict(new float[7]))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessageContaining("expected 6 features per row, got 7");
        }
    }

    @Test
    void nanIsAMissingValue() {
        try (Model model = Models.load(model("model.json"))) {
            float[] row = inputs[0].clone();
            row[0] = Float.NaN;

            Prediction prediction = model.predict(row);

            assertThat(prediction.scores()[0] + prediction.scores()[1]).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void infiniteValueIsRefusedNamingTheFeature() {
        try (Model model = Models.load(model("model.json"))) {
            float[] row = inputs[0].clone();
            row[5] = Float.POSITIVE_INFINITY;

            assertThatThrownBy(() -> model.predict(row))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessageContaining("feature 5 (fare_amount) is Infinity");
        }
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = tmp.resolve("nowhere/model.ubj");

        assertThatThrownBy(() -> Models.load(missing))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void jsonThatIsNotAnXGBoostModelIsRefusedClearly() throws IOException {
        Path config = Files.writeString(tmp.resolve("config.json"), "{\"route_prefix\": \"/\", \"learners\": []}");

        assertThatThrownBy(() -> Models.load(config))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(config.toAbsolutePath() + " is not an XGBoost model")
                .hasMessageContaining("no top-level \"learner\" object")
                .hasMessageContaining("[route_prefix, learners]");
    }

    @Test
    void brokenJsonIsRefusedClearly() throws IOException {
        Path broken = Files.writeString(tmp.resolve("model.json"), "{\"learner\" ");

        assertThatThrownBy(() -> Models.load(broken))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("is not an XGBoost model: it is not valid JSON");
    }

    @Test
    void fileThatIsNeitherJsonNorUbjFailsWithXGBoostsReason() throws IOException {
        Path garbage = Files.writeString(tmp.resolve("model.ubj"), "not a model at all");

        assertThatThrownBy(() -> Models.load(garbage))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("could not load XGBoost model " + garbage.toAbsolutePath())
                .hasMessageNotContaining("Stack trace");
    }

    @Test
    void modelUnderAnotherNameLoadsWhenTheFlavorIsNamed() throws IOException {
        Path renamed = Files.copy(model("model.ubj"), tmp.resolve("taxi.model"));

        assertThatThrownBy(() -> Models.load(renamed)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Name the flavor");
        try (Model model = Models.load(renamed, "xgboost")) {
            assertThat(model.predict(inputs[0]).label()).isEqualTo(reference.get("labels").get(0).asInt());
        }
    }

    @Test
    void closeIsIdempotentAndLaterPredictionsFail() {
        Model model = Models.load(model("model.ubj"));
        model.predict(inputs[0]);

        model.close();
        model.close();

        assertThatThrownBy(() -> model.predict(inputs[0]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void concurrentPredictionsAgreeWithSequentialOnes() throws Exception {
        try (Model model = Models.load(model("model.json"));
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Prediction> sequential = new ArrayList<>();
            for (float[] row : inputs) {
                sequential.add(model.predict(row));
            }
            List<Future<List<Prediction>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    List<Prediction> mine = new ArrayList<>();
                    for (int round = 0; round < 25; round++) {
                        mine.clear();
                        for (float[] row : inputs) {
                            mine.add(model.predict(row));
                        }
                    }
                    return mine;
                }));
            }
            for (Future<List<Prediction>> future : futures) {
                assertThat(future.get()).isEqualTo(sequential);
            }
        }
    }

    @Test
    void closeWhilePredictingWaitsForRunningPredictionsThenFailsLaterOnes() throws Exception {
        Model model = Models.load(model("model.json"));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    // Predict until the model is closed; a prediction never sees a freed booster.
                    for (int i = 0; i < 1_000_000; i++) {
                        try {
                            model.predict(inputs);
                        } catch (IllegalStateException closed) {
                            return i;
                        }
                    }
                    return -1;
                }));
            }
            model.predict(inputs);
            model.close();
            for (Future<Integer> future : futures) {
                assertThat(future.get()).isGreaterThanOrEqualTo(0);
            }
        }
    }
}
