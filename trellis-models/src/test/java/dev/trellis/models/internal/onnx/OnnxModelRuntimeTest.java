package dev.trellis.models.internal.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.models.ModelLoadException;
import dev.trellis.models.Models;
import dev.trellis.models.internal.ModelRuntimes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelRuntimeTest {

    @Test
    void isBuiltInAndRecognizesOnnxFilesByName() {
        assertThat(ModelRuntimes.byFlavor("onnx")).isInstanceOf(OnnxModelRuntime.class);
        assertThat(ModelRuntimes.forFile(Path.of("models/resnet.ONNX"))).isInstanceOf(OnnxModelRuntime.class);
        assertThat(new OnnxModelRuntime().recognizes(Path.of("model.onnx.json"))).isFalse();
    }

    @Test
    void anOnnxFileWithAnotherNameLoadsWhenTheFlavorIsNamed(@TempDir Path dir) throws Exception {
        Path renamed = Files.copy(dev.trellis.models.Fixtures.model("iris_svm"), dir.resolve("iris-svm.bin"));
        assertThatThrownBy(() -> Models.load(renamed))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no model runtime reads " + renamed);
        try (var model = Models.load(renamed, "onnx")) {
            assertThat(model.predict(new float[] {6.7f, 3.0f, 5.2f, 2.3f}).label()).isEqualTo(2);
        }
    }
}
