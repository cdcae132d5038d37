package dev.trellis.models.internal.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.onnx.OnnxOptions;
import dev.trellis.models.onnx.OnnxOptions.ExecutionProvider;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions. All sessions share one {@link OrtEnvironment} (ONNX Runtime's
 * process-wide logging and thread state), created on first use so that merely loading this
 * class does not load the native library.
 *
 * <p>CUDA is used when asked for and available. When it is not, the session opens on the CPU
 * and one warning names the model and ONNX Runtime's reason: either the CUDA provider could
 * not be added (a CPU-only build of ONNX Runtime, or CUDA/cuDNN libraries missing), or the
 * session failed to start with it (for example, no GPU).
 */
public final class OnnxSessions {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);

    private OnnxSessions() {
    }

    /** A session and the execution provider it runs on. */
    public record Opened(OrtSession session, ExecutionProvider executionProvider) {
    }

    /**
     * The environment every session runs in: ONNX Runtime's process-wide default one (so that
     * code calling {@link OrtEnvironment#getEnvironment()} directly shares it).
     *
     * @throws ModelLoadException if ONNX Runtime's native library does not load on this machine
     */
    public static OrtEnvironment environment() {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("ONNX Runtime's native library failed to load: " + e, e);
        }
    }

    /**
     * Opens {@code file} with {@code options}.
     *
     * @throws OrtException when ONNX Runtime cannot load the model (on the CPU)
     */
    public static Opened open(Path file, OnnxOptions options) throws OrtException {
        if (options.executionProvider() == ExecutionProvider.CUDA) {
            try (var cuda = sessionOptions(options)) {
                try {
                    cuda.addCUDA(options.cudaDeviceId());
                } catch (OrtException e) {
                    warnFallback(file, "the CUDA execution provider could not be added: " + reason(e));
                    return openOnCpu(file, options);
                }
                try {
                    return new Opened(environment().createSession(file.toString(), cuda), ExecutionProvider.CUDA);
                } catch (OrtException e) {
                    warnFallback(file, "the session failed to start with CUDA: " + reason(e));
                    return openOnCpu(file, options);
                }
            }
        }
        return openOnCpu(file, options);
    }

    private static Opened openOnCpu(Path file, OnnxOptions options) throws OrtException {
        try (var cpu = sessionOptions(options)) {
            return new Opened(environment().createSession(file.toString(), cpu), ExecutionProvider.CPU);
        }
    }

    private static OrtSession.SessionOptions sessionOptions(OnnxOptions options) throws OrtException {
        var sessionOptions = new OrtSession.SessionOptions();
        if (options.intraOpThreads() > 0) {
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
        }
        // ONNX Runtime's key for its intra-op pool's busy-waiting; "0": idle threads sleep.
        sessionOptions.addConfigEntry("session.intra_op.allow_spinning", options.intraOpSpinning() ? "1" : "0");
        return sessionOptions;
    }

    private static String reason(OrtException e) {
        String reason = e.getMessage() == null ? e.getCode().name() : e.getMessage().strip();
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            reason += " (this ONNX Runtime build has the providers " + OrtEnvironment.getAvailableProviders()
                    + "; CUDA needs the com.microsoft.onnxruntime:onnxruntime_gpu artifact, an NVIDIA GPU,"
                    + " CUDA 12 and cuDNN 9)";
        }
        return reason;
    }

    private static void warnFallback(Path file, String why) {
        LOG.warn("ONNX model {}: running on the CPU instead of CUDA: {}", file, why);
    }
}
