package dev.trellis.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.trellis.models.Fixtures;
import dev.trellis.models.Model;
import dev.trellis.models.internal.onnx.OnnxSessions;
import dev.trellis.models.onnx.OnnxOptions.ExecutionProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Asking for CUDA where the CPU-only ONNX Runtime runs (the build Trellis ships, on a machine
 * without a GPU) loads the model on the CPU and says why in one warning.
 */
class OnnxCudaFallbackTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(OnnxSessions.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
    }

    @Test
    void askingForCudaWithoutItLoadsOnTheCpuAndSaysWhyOnce() {
        Path iris = Fixtures.model("iris_logistic");
        var cuda = OnnxOptions.builder().executionProvider(ExecutionProvider.CUDA).build();
        try (OnnxModel model = OnnxModel.load(iris, cuda)) {
            assertThat(model.executionProvider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(model.predict(new float[] {5.1f, 3.5f, 1.4f, 0.2f}).label()).isZero();
        }
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .contains("ONNX model " + iris + ": running on the CPU instead of CUDA")
                    .contains("onnxruntime_gpu");
        });
    }

    @Test
    void theCpuIsTheDefaultAndLogsNothing() {
        try (Model model = OnnxModel.load(Fixtures.model("iris_logistic"), OnnxOptions.defaults())) {
            assertThat(((OnnxModel) model).executionProvider()).isEqualTo(ExecutionProvider.CPU);
        }
        assertThat(logged.list).isEmpty();
    }
}
