package dev.trellis.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trellis.core.TrellisException;
import dev.trellis.models.Fixtures;
import dev.trellis.models.Prediction;
import dev.trellis.models.TensorSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How {@link OnnxModel#predict} reads each shape of graph, on the tiny hand-made graphs in
 * {@code fixtures/models/onnx_conventions} (their weights are in fixtures/scripts/onnx_conventions.py).
 */
class OnnxConventionsTest {

    private static OnnxModel load(String graph) {
        return OnnxModel.load(Fixtures.dir("onnx_conventions").resolve(graph));
    }

    @Test
    void aSingleValueOutputIsARegressionWithLabelMinusOne() {
        try (OnnxModel model = load("regressor.onnx")) {
            List<Prediction> predictions = model.predict(new float[][] {{1, 1, 1}, {0, 0, 2}});
            assertThat(predictions).extracting(Prediction::label).containsExactly(-1, -1);
            assertThat(predictions.get(0).scores()).containsExactly(6.5f);
            assertThat(predictions.get(1).scores()).containsExactly(6.5f);
            assertThat(predictions.get(1).score()).isEqualTo(6.5f);
        }
    }

    @Test
    void aFlatOutputIsARegressionToo() {
        try (OnnxModel model = load("regressor_flat.onnx")) {
            assertThat(model.signature().outputs()).containsExactly(new TensorSpec("value", "float", new long[] {-1}));
            Prediction prediction = model.predict(new float[] {1, 0, 2});
            assertThat(prediction.label()).isEqualTo(-1);
            assertThat(prediction.scores()).containsExactly(7f);
        }
    }

    @Test
    void aLabelOnlyGraphGivesLabelsWithoutScores() {
        try (OnnxModel model = load("label_only.onnx")) {
            List<Prediction> predictions = model.predict(new float[][] {{0, 5, 1}, {9, 5, 1}});
            assertThat(predictions).extracting(Prediction::label).containsExactly(1, 0);
            assertThat(predictions.get(0).scores()).isEmpty();
            assertThat(predictions.get(0).score()).isNaN();
        }
    }

    @Test
    void aZipMapOfClassProbabilitiesBecomesScoresInClassOrder() {
        try (OnnxModel model = load("zipmap_classifier.onnx")) {
            assertThat(model.signature().outputs()).containsExactly(
                    new TensorSpec("output_label", "int64", new long[] {-1}),
                    new TensorSpec("output_probability", "seq(map(int64,float))", new long[] {-1}));
            // logits = [x0, x1, 1 - x0 - x1]
            List<Prediction> predictions = model.predict(new float[][] {{2, 0}, {0, 0}});
            assertThat(predictions.get(0).label()).isZero();
            assertThat(predictions.get(0).scores()).containsExactly(softmax(2, 0, -1), within(1e-6f));
            assertThat(predictions.get(1).label()).isEqualTo(2);
            assertThat(predictions.get(1).scores()).containsExactly(softmax(0, 0, 1), within(1e-6f));
        }
    }

    @Test
    void runReturnsAZipMapAsAListOfMaps() {
        try (OnnxModel model = load("zipmap_classifier.onnx")) {
            Map<String, Object> outputs = model.run(Map.of("x", new float[][] {{2, 0}}));
            assertThat((List<?>) outputs.get("output_probability")).singleElement()
                    .isInstanceOfSatisfying(Map.class, map -> assertThat(map).containsOnlyKeys(0L, 1L, 2L));
        }
    }

    @Test
    void aGraphWithABatchOfOneRunsRowByRow() {
        try (OnnxModel model = load("fixed_batch.onnx")) {
            List<Prediction> predictions = model.predict(new float[][] {{1, 0}, {0, 3}, {2, 2}});
            assertThat(predictions).extracting(Prediction::label).containsExactly(0, 1, 0);
            assertThat(predictions.get(1).scores()).containsExactly(softmax(0, 3), within(1e-6f));
        }
    }

    @Test
    void doubleInputsAndOutputsAreConverted() {
        try (OnnxModel model = load("double_io.onnx")) {
            Prediction prediction = model.predict(new float[] {0, 1});
            assertThat(prediction.label()).isEqualTo(1);
            assertThat(prediction.scores()).containsExactly(softmax(0, 1), within(1e-6f));
        }
    }

    @Test
    void anIntegerInputIsRefusedByPredictAndTakenByRun() {
        try (OnnxModel model = load("int64_input.onnx")) {
            assertThatThrownBy(() -> model.predict(new float[] {1, 2}))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("int64_input.onnx")
                    .hasMessageContaining("its input ids: int64[-1, 2] is not float or double")
                    .hasMessageContaining("OnnxModel.run(Map)");
            Map<String, Object> outputs = model.run(Map.of("ids", new long[][] {{1, 2}, {3, 4}}));
            assertThat((float[][]) outputs.get("value")).isDeepEqualTo(new float[][] {{2, 4}, {6, 8}});
        }
    }

    @Test
    void aGraphWithTwoInputsIsRefusedByPredictAndTakenByRun() {
        try (OnnxModel model = load("two_inputs.onnx")) {
            assertThatThrownBy(() -> model.predict(new float[] {1, 2}))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("it has 2 inputs [a: float[-1, 2], b: float[-1, 2]]; predict feeds exactly one");
            Map<String, Object> outputs = model.run(Map.of("a", new float[][] {{1, 2}}, "b", new float[][] {{10, 20}}));
            assertThat((float[][]) outputs.get("sum")).isDeepEqualTo(new float[][] {{11, 22}});
        }
    }

    @Test
    void aFailureInsideOnnxRuntimeNamesTheModelFile() {
        try (OnnxModel model = load("two_inputs.onnx")) {
            // Each input fits its own spec [N, 2], but the Add kernel needs the same N in both.
            assertThatThrownBy(() -> model.run(Map.of("a", new float[2][2], "b", new float[3][2])))
                    .isExactlyInstanceOf(TrellisException.class)
                    .hasMessageStartingWith("ONNX model " + model.file() + ": ONNX Runtime failed: ")
                    .hasMessageContaining("Add node");
        }
    }

    private static float[] softmax(float... logits) {
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit);
        }
        var probabilities = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = (float) (Math.exp(logits[i]) / sum);
        }
        return probabilities;
    }
}
