package dev.trellis.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.models.Fixtures;
import dev.trellis.models.Model;
import dev.trellis.models.ModelInputException;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.Models;
import dev.trellis.models.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, bad input, closing and concurrent use of {@link OnnxModel}, on the iris and Fashion-MNIST fixtures. */
class OnnxModelTest {
    private static final Path IRIS = Fixtures.model("iris_logistic");
    private static final Path FASHION = Fixtures.model("fashion_cnn");

    @Test
    void modelsLoadPicksOnnxRuntimeByTheFileNameOrByFlavor() {
        try (Model byName = Models.load(IRIS); Model byFlavor = Models.load(IRIS, "onnx")) {
            assertThat(byName).isInstanceOf(OnnxModel.class);
            assertThat(byFlavor).isInstanceOf(OnnxModel.class);
            assertThat(((OnnxModel) byName).executionProvider()).isEqualTo(OnnxOptions.ExecutionProvider.CPU);
        }
    }

    @Test
    void aRowWithTheWrongFeatureCountNamesExpectedAndActual() {
        try (Model model = Models.load(IRIS)) {
            assertThatThrownBy(() -> model.predict(new float[] {5.1f, 3.5f, 1.4f, 0.2f, 9f}))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessageContaining("iris_logistic/model.onnx")
                    .hasMessageContaining("expected 4 features per row, got 5");
            assertThatThrownBy(() -> model.predict(new float[][] {{5.1f, 3.5f, 1.4f, 0.2f}, {1f, 2f, 3f}}))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessageContaining("expected 4 features per row, got 3 in row 1");
        }
    }

    @Test
    void anImageOfTheWrongSizeNamesTheExpectedSize() {
        try (Model model = Models.load(FASHION)) {
            assertThat(model.featureCount()).isEqualTo(28 * 28);
            assertThatThrownBy(() -> model.predict(new float[27 * 28]))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessageContaining("expected 784 features per row, got 756");
        }
    }

    @Test
    void aTensorOfTheWrongShapeForRunNamesBothShapes() {
        try (OnnxModel model = OnnxModel.load(FASHION)) {
            assertThatThrownBy(() -> model.run(Map.of("image", new float[2][1][28][27])))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessageContaining("input 'image' takes float[-1, 1, 28, 28] (-1: any size), got float[2, 1, 28, 27]");
            assertThatThrownBy(() -> model.run(Map.of("image", new long[2][1][28][28])))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessageContaining("got int64[2, 1, 28, 28]");
        }
    }

    @Test
    void runTakesAndGivesPlainJavaArrays() {
        try (OnnxModel model = OnnxModel.load(IRIS)) {
            float[][] rows = {{5.1f, 3.5f, 1.4f, 0.2f}, {6.7f, 3.0f, 5.2f, 2.3f}};
            Map<String, Object> outputs = model.run(Map.of("input", rows));

            assertThat(outputs).containsOnlyKeys("label", "probabilities");
            assertThat((long[]) outputs.get("label")).containsExactly(0L, 2L);
            float[][] probabilities = (float[][]) outputs.get("probabilities");
            List<Prediction> predictions = model.predict(rows);
            assertThat(probabilities[0]).containsExactly(predictions.get(0).scores());
            assertThat(probabilities[1]).containsExactly(predictions.get(1).scores());
        }
    }

    @Test
    void runNamesUnknownAndMissingInputs() {
        try (OnnxModel model = OnnxModel.load(IRIS)) {
            float[][] rows = {{5.1f, 3.5f, 1.4f, 0.2f}};
            assertThatThrownBy(() -> model.run(Map.of("input", rows, "extra", rows)))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessageContaining("no input named 'extra'")
                    .hasMessageContaining("input: float[-1, 4]");
            assertThatThrownBy(() -> model.run(Map.of("features", rows)))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessageContaining("missing input 'input' (input: float[-1, 4]); inputs given: [features]");
        }
    }

    @Test
    void aMissingFileIsALoadErrorNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nothing-here.onnx");
        assertThatThrownBy(() -> Models.load(missing))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> OnnxModel.load(missing))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void aFileThatIsNotOnnxIsALoadErrorNamingThePath(@TempDir Path dir) throws IOException {
        Path notOnnx = Files.writeString(dir.resolve("model.onnx"), "{\"this is\": \"json, not a protobuf\"}");
        assertThatThrownBy(() -> Models.load(notOnnx))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load ONNX model " + notOnnx.toAbsolutePath())
                .hasMessageContaining("is it an ONNX file?");
    }

    @Test
    void aMalformedOptionPropertyIsALoadErrorNamingIt() {
        System.setProperty("trellis.onnx.execution_provider", "tpu");
        try {
            assertThatThrownBy(() -> Models.load(IRIS))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("cannot load ONNX model " + IRIS.toAbsolutePath())
                    .hasMessageContaining("trellis.onnx.execution_provider must be cpu or cuda, was 'tpu'");
        } finally {
            System.clearProperty("trellis.onnx.execution_provider");
        }
    }

    @Test
    void predictAfterCloseFailsClearlyAndCloseIsIdempotent() {
        OnnxModel model = OnnxModel.load(IRIS);
        model.close();
        model.close();
        assertThatThrownBy(() -> model.predict(new float[] {5.1f, 3.5f, 1.4f, 0.2f}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ONNX model iris_logistic/model.onnx is closed");
        assertThatThrownBy(() -> model.run(Map.of("input", new float[1][4])))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void concurrentPredictsAgreeWithSequentialOnes() throws Exception {
        var reference = Fixtures.reference("fashion_cnn");
        float[][] rows = reference.rows();
        try (Model model = Models.load(FASHION);
                var executor = Executors.newFixedThreadPool(16)) {
            List<Prediction> sequential = model.predict(rows);
            List<Callable<Boolean>> calls = IntStream.range(0, 64).<Callable<Boolean>>mapToObj(task -> () -> {
                int from = task % rows.length;
                int to = Math.min(rows.length, from + 1 + task % 5);
                float[][] batch = java.util.Arrays.copyOfRange(rows, from, to);
                return model.predict(batch).equals(sequential.subList(from, to));
            }).toList();
            for (Future<Boolean> agreed : executor.invokeAll(calls)) {
                assertThat(agreed.get()).isTrue();
            }
        }
    }
}
