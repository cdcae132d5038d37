package dev.trellis.models.onnx;

import java.util.Locale;
import java.util.Properties;

/**
 * How an {@link OnnxModel} runs: on the CPU (the default) or with ONNX Runtime's CUDA execution
 * provider, and how many threads one inference may use.
 *
 * <pre>{@code
 * OnnxModel model = OnnxModel.load(path, OnnxOptions.builder().executionProvider(ExecutionProvider.CUDA).build());
 * }</pre>
 *
 * <p>Asking for CUDA is a wish, not a requirement: when this build of ONNX Runtime has no CUDA
 * provider (the {@code onnxruntime} artifact Trellis ships is CPU-only; {@code onnxruntime_gpu}
 * has it) or no GPU or CUDA library is found, the model loads on the CPU and one warning says
 * why ({@link OnnxModel#executionProvider()} tells which one it got).
 *
 * <p>{@link dev.trellis.models.Models#load} reads the options from system properties
 * ({@link #fromSystemProperties()}), so a deployment can be moved to a GPU without code changes:
 * {@code -Dtrellis.onnx.execution_provider=cuda}.
 *
 * @param executionProvider where inference runs (default {@code cpu})
 * @param cudaDeviceId the GPU to use with CUDA (default 0)
 * @param intraOpThreads threads one inference may use; 0 lets ONNX Runtime choose (one per core)
 * @param intraOpSpinning whether those threads busy-wait for work between inferences (default
 *     off: a replica serves many calls at once, and threads spinning for one call take the cores
 *     the others need; ONNX Runtime's own default, on, suits one inference at a time)
 */
public record OnnxOptions(ExecutionProvider executionProvider, int cudaDeviceId, int intraOpThreads,
        boolean intraOpSpinning) {

    /** The prefix of the system properties {@link #fromSystemProperties()} reads. */
    public static final String PROPERTY_PREFIX = "trellis.onnx.";

    /** Where ONNX Runtime runs a model. */
    public enum ExecutionProvider {
        /** ONNX Runtime's CPU kernels. */
        CPU,
        /** NVIDIA GPUs through the CUDA execution provider (falls back to the CPU when unavailable). */
        CUDA;

        /** The config spelling: {@code cpu}, {@code cuda}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public OnnxOptions {
        if (executionProvider == null) {
            throw new IllegalArgumentException("execution_provider must be cpu or cuda, was null");
        }
        if (cudaDeviceId < 0) {
            throw new IllegalArgumentException("cuda_device_id must be >= 0, was " + cudaDeviceId);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra_op_threads must be >= 0 (0: ONNX Runtime chooses), was "
                    + intraOpThreads);
        }
    }

    /** CPU, device 0, ONNX Runtime's thread count, no spinning. */
    public static OnnxOptions defaults() {
        return new OnnxOptions(ExecutionProvider.CPU, 0, 0, false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options in the system properties {@code trellis.onnx.execution_provider} ({@code cpu} or
     * {@code cuda}), {@code trellis.onnx.cuda_device_id}, {@code trellis.onnx.intra_op_threads} and
     * {@code trellis.onnx.intra_op_spinning} ({@code true} or {@code false}); unset ones keep their defaults.
     *
     * @throws IllegalArgumentException naming the property and its value if one is malformed
     */
    public static OnnxOptions fromSystemProperties() {
        return fromProperties(System.getProperties());
    }

    /** Like {@link #fromSystemProperties()}, from {@code properties}. */
    public static OnnxOptions fromProperties(Properties properties) {
        var builder = builder();
        String provider = properties.getProperty(PROPERTY_PREFIX + "execution_provider");
        if (provider != null) {
            builder.executionProvider(parseProvider(PROPERTY_PREFIX + "execution_provider", provider));
        }
        String device = properties.getProperty(PROPERTY_PREFIX + "cuda_device_id");
        if (device != null) {
            builder.cudaDeviceId(parseInt(PROPERTY_PREFIX + "cuda_device_id", device));
        }
        String threads = properties.getProperty(PROPERTY_PREFIX + "intra_op_threads");
        if (threads != null) {
            builder.intraOpThreads(parseInt(PROPERTY_PREFIX + "intra_op_threads", threads));
        }
        String spinning = properties.getProperty(PROPERTY_PREFIX + "intra_op_spinning");
        if (spinning != null) {
            builder.intraOpSpinning(parseBoolean(PROPERTY_PREFIX + "intra_op_spinning", spinning));
        }
        return builder.build();
    }

    private static ExecutionProvider parseProvider(String key, String value) {
        for (var provider : ExecutionProvider.values()) {
            if (provider.configName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return provider;
            }
        }
        throw new IllegalArgumentException(key + " must be cpu or cuda, was '" + value + "'");
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'");
        }
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
        };
    }

    /** Builds {@link OnnxOptions}; every setter checks its value when {@link #build()} runs. */
    public static final class Builder {
        private ExecutionProvider executionProvider = ExecutionProvider.CPU;
        private int cudaDeviceId;
        private int intraOpThreads;
        private boolean intraOpSpinning;

        private Builder() {
        }

        public Builder executionProvider(ExecutionProvider executionProvider) {
            this.executionProvider = executionProvider;
            return this;
        }

        public Builder cudaDeviceId(int cudaDeviceId) {
            this.cudaDeviceId = cudaDeviceId;
            return this;
        }

        public Builder intraOpThreads(int intraOpThreads) {
            this.intraOpThreads = intraOpThreads;
            return this;
        }

        public Builder intraOpSpinning(boolean intraOpSpinning) {
            this.intraOpSpinning = intraOpSpinning;
            return this;
        }

        public OnnxOptions build() {
            return new OnnxOptions(executionProvider, cudaDeviceId, intraOpThreads, intraOpSpinning);
        }
    }
}
