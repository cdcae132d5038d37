package dev.trellis.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.models.onnx.OnnxOptions.ExecutionProvider;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OnnxOptionsTest {

    @Test
    void defaultsRunOnTheCpuWithOnnxRuntimesThreads() {
        assertThat(OnnxOptions.fromProperties(new Properties())).isEqualTo(OnnxOptions.defaults());
        assertThat(OnnxOptions.defaults()).isEqualTo(new OnnxOptions(ExecutionProvider.CPU, 0, 0, false));
    }

    @Test
    void propertiesSetEveryOption() {
        var properties = new Properties();
        properties.setProperty("trellis.onnx.execution_provider", " CUDA ");
        properties.setProperty("trellis.onnx.cuda_device_id", "1");
        properties.setProperty("trellis.onnx.intra_op_threads", "2");
        properties.setProperty("trellis.onnx.intra_op_spinning", "True");
        assertThat(OnnxOptions.fromProperties(properties)).isEqualTo(new OnnxOptions(ExecutionProvider.CUDA, 1, 2, true));
    }

    @Test
    void aMalformedPropertyIsNamedWithItsValue() {
        var properties = new Properties();
        properties.setProperty("trellis.onnx.execution_provider", "gpu");
        assertThatThrownBy(() -> OnnxOptions.fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trellis.onnx.execution_provider must be cpu or cuda, was 'gpu'");
        properties.setProperty("trellis.onnx.execution_provider", "cpu");
        properties.setProperty("trellis.onnx.intra_op_threads", "many");
        assertThatThrownBy(() -> OnnxOptions.fromProperties(properties))
                .hasMessage("trellis.onnx.intra_op_threads must be an integer, was 'many'");
        properties.setProperty("trellis.onnx.intra_op_threads", "1");
        properties.setProperty("trellis.onnx.intra_op_spinning", "yes");
        assertThatThrownBy(() -> OnnxOptions.fromProperties(properties))
                .hasMessage("trellis.onnx.intra_op_spinning must be true or false, was 'yes'");
    }

    @Test
    void theBuilderRefusesOutOfRangeValuesNamingThem() {
        assertThatThrownBy(() -> OnnxOptions.builder().intraOpThreads(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intra_op_threads must be >= 0 (0: ONNX Runtime chooses), was -1");
        assertThatThrownBy(() -> OnnxOptions.builder().cudaDeviceId(-2).build())
                .hasMessage("cuda_device_id must be >= 0, was -2");
        assertThatThrownBy(() -> OnnxOptions.builder().executionProvider(null).build())
                .hasMessage("execution_provider must be cpu or cuda, was null");
    }
}
