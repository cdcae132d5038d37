package dev.trellis.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.trellis.core.TrellisException;
import dev.trellis.models.Model;
import dev.trellis.models.ModelInputException;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.ModelSignature;
import dev.trellis.models.Prediction;
import dev.trellis.models.TensorSpec;
import dev.trellis.models.internal.onnx.OnnxSessions;
import dev.trellis.models.internal.onnx.OnnxSignatures;
import dev.trellis.models.internal.onnx.OnnxValues;
import dev.trellis.models.internal.onnx.PredictPlan;
import dev.trellis.models.internal.onnx.PredictionReader;
import dev.trellis.models.onnx.OnnxOptions.ExecutionProvider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A model run by ONNX Runtime: whatever exported it (PyTorch, scikit-learn through skl2onnx or
 * by hand, TensorFlow, XGBoost...). One {@link OrtSession} per model; {@link #predict} and
 * {@link #run} may be called from many threads at once.
 *
 * <h2>predict(float[][] rows)</h2>
 * Builds one input tensor [N, d1, d2...] from the rows (each row one example, flattened
 * row-major) for the graph's only input, which must be float or double with fixed per-example
 * dimensions, runs it, and reads the outputs:
 * <ul>
 *   <li>a <b>label</b> output (int64 [N]) and a <b>scores</b> output (float [N, C], or
 *       scikit-learn's {@code ZipMap} sequence of maps): {@code Prediction(label, scores)};</li>
 *   <li>only a float [N, C] output (C &gt; 1), such as a softmax: the label is the index of the
 *       highest score;</li>
 *   <li>only a float [N] or [N, 1] output: a regression, label -1 and {@code scores = [value]};</li>
 *   <li>only a label output: empty scores.</li>
 * </ul>
 * When several outputs qualify, the one named like {@code label} / {@code probabilities} /
 * {@code scores} wins, then the first. A graph with a fixed batch size of 1 is run row by row.
 * For other graphs (several inputs, integer inputs, image outputs...) use {@link #run}.
 *
 * <h2>Errors</h2>
 * A row of the wrong length, or a tensor of the wrong shape or type given to {@link #run}, fails
 * with {@link ModelInputException} naming the expected and actual sizes (a 400 over HTTP).
 * ONNX Runtime's other failures are {@link TrellisException}s naming the model file. Calls after
 * {@link #close} fail with {@link IllegalStateException}.
 */
public final class OnnxModel implements Model {
    /** MLflow's flavor name for ONNX models. */
    public static final String FLAVOR = "onnx";

    private final Path file;
    private final String name;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ExecutionProvider executionProvider;
    private final ModelSignature signature;
    private final PredictPlan plan;
    private final UnsupportedOperationException planProblem;
    /** The plan's outputs, computed once: a run asks for them on every call. */
    private final Set<String> requestedOutputs;
    /** Runs hold the read lock, close the write lock: a session is never closed under a run. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxModel(Path file, OnnxSessions.Opened opened, ModelSignature signature) {
        this.file = file;
        this.name = displayName(file);
        this.environment = OnnxSessions.environment();
        this.session = opened.session();
        this.executionProvider = opened.executionProvider();
        this.signature = signature;
        PredictPlan planned = null;
        UnsupportedOperationException problem = null;
        try {
            planned = PredictPlan.of(signature);
        } catch (UnsupportedOperationException e) {
            problem = e;
        }
        this.plan = planned;
        this.planProblem = problem;
        this.requestedOutputs = planned == null ? Set.of() : Collections.unmodifiableSet(planned.requestedOutputs());
    }

    /**
     * Loads {@code file} with the options in the system properties ({@link OnnxOptions#fromSystemProperties()});
     * {@link dev.trellis.models.Models#load} does the same for {@code *.onnx} files.
     *
     * @throws ModelLoadException naming the file if it is missing, ONNX Runtime cannot load it,
     *     or a {@code trellis.onnx.*} property is malformed
     */
    public static OnnxModel load(Path file) {
        OnnxOptions options;
        try {
            options = OnnxOptions.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("cannot load ONNX model " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return load(file, options);
    }

    /**
     * Loads {@code file} with {@code options}.
     *
     * @throws ModelLoadException naming the file if it is missing or ONNX Runtime cannot load it
     */
    public static OnnxModel load(Path file, OnnxOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("ONNX model file " + file.toAbsolutePath() + " does not exist"
                    + (Files.isDirectory(file) ? " (it is a directory)" : ""));
        }
        OnnxSessions.Opened opened;
        try {
            opened = OnnxSessions.open(file, options);
        } catch (OrtException e) {
            throw new ModelLoadException("cannot load ONNX model " + file.toAbsolutePath()
                    + " (is it an ONNX file?): " + e.getMessage(), e);
        }
        try {
            return new OnnxModel(file, opened, OnnxSignatures.of(opened.session()));
        } catch (OrtException | RuntimeException e) {
            closeQuietly(opened.session());
            throw new ModelLoadException("cannot read the inputs and outputs of ONNX model " + file.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String flavor() {
        return FLAVOR;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    /** The file it was loaded from. */
    public Path file() {
        return file;
    }

    /** Where it runs: {@code CUDA} only when asked for and available (see {@link OnnxOptions}). */
    public ExecutionProvider executionProvider() {
        return executionProvider;
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnsupportedOperationException if the graph does not follow the conventions above
     *     (the message says why; use {@link #run})
     */
    @Override
    public List<Prediction> predict(float[][] rows) {
        if (plan == null) {
            throw new UnsupportedOperationException(name + ": " + planProblem.getMessage(), planProblem);
        }
        ModelInputException.requireRowLength(name, rows, plan.exampleSize());
        lock.readLock().lock();
        try {
            requireOpen();
            if (plan.oneRowPerRun() && rows.length > 1) {
                var predictions = new ArrayList<Prediction>(rows.length);
                for (float[] row : rows) {
                    predictions.addAll(runBatch(new float[][] {row}));
                }
                return predictions;
            }
            return runBatch(rows);
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Prediction> runBatch(float[][] rows) {
        long[] shape = plan.tensorShape(name, rows.length);
        try (OnnxTensor input = inputTensor(rows, shape);
                OrtSession.Result result = session.run(Map.of(plan.inputName(), input), requestedOutputs)) {
            return PredictionReader.read(plan, result, rows.length);
        } catch (OrtException e) {
            throw failure(e);
        }
    }

    /**
     * The rows as the input tensor, written once into a native-order direct buffer that the
     * tensor uses as it is (ONNX Runtime copies a heap buffer into a direct one of its own, so a
     * heap array here would be a second copy of every value).
     */
    private OnnxTensor inputTensor(float[][] rows, long[] shape) throws OrtException {
        int width = plan.exampleSize();
        if (plan.doubleInput()) {
            DoubleBuffer values = ByteBuffer.allocateDirect(rows.length * width * Double.BYTES)
                    .order(ByteOrder.nativeOrder()).asDoubleBuffer();
            for (float[] row : rows) {
                for (int c = 0; c < width; c++) {
                    values.put(row[c]);
                }
            }
            return OnnxTensor.createTensor(environment, values.flip(), shape);
        }
        FloatBuffer values = ByteBuffer.allocateDirect(rows.length * width * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (float[] row : rows) {
            values.put(row, 0, width);
        }
        return OnnxTensor.createTensor(environment, values.flip(), shape);
    }

    /**
     * Runs the graph on named inputs and returns every output, for graphs {@link #predict} does
     * not cover. An input is a Java array of the input's element type and rank
     * ({@code float[][]} for float [N, 4], {@code long[][]} for int64 [N, 2], {@code String[]}...).
     * An output comes back as ONNX Runtime hands it to Java: a tensor as an array of its rank
     * ({@code float[][]}, {@code long[]}...; a scalar boxed), a sequence as a {@link List}, a
     * map as a {@link Map}.
     *
     * @throws ModelInputException if an input is unknown or missing, or its type or shape is not the graph's
     */
    public Map<String, Object> run(Map<String, ?> inputs) {
        lock.readLock().lock();
        try {
            requireOpen();
            var tensors = new LinkedHashMap<String, OnnxTensor>();
            try {
                for (TensorSpec spec : signature.inputs()) {
                    Object value = inputs.get(spec.name());
                    if (value == null) {
                        throw new ModelInputException(name + ": missing input '" + spec.name() + "' (" + spec
                                + "); inputs given: " + inputs.keySet());
                    }
                    tensors.put(spec.name(), OnnxValues.tensor(environment, name, spec, value));
                }
                for (String given : inputs.keySet()) {
                    if (!tensors.containsKey(given)) {
                        throw new ModelInputException(name + ": no input named '" + given + "'; its inputs are "
                                + signature.inputs());
                    }
                }
                try (OrtSession.Result result = session.run(tensors)) {
                    var outputs = new LinkedHashMap<String, Object>();
                    for (Map.Entry<String, OnnxValue> output : result) {
                        outputs.put(output.getKey(), OnnxValues.toJava(output.getValue()));
                    }
                    return outputs;
                }
            } catch (OrtException e) {
                throw failure(e);
            } finally {
                tensors.values().forEach(OnnxTensor::close);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the session. Idempotent; waits for runs in progress; later calls fail. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(session);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("ONNX model " + name + " is closed");
        }
    }

    private RuntimeException failure(OrtException e) {
        if (e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT) {
            return new ModelInputException(name + ": " + e.getMessage());
        }
        return new TrellisException("ONNX model " + file + ": ONNX Runtime failed: " + e.getMessage(), e);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing to do: the session is gone either way; a failure here leaks at most its memory.
        }
    }

    /** The file name with its folder ({@code iris_logistic/model.onnx}): enough to tell models apart in messages. */
    private static String displayName(Path file) {
        Path fileName = file.getFileName();
        Path parent = file.toAbsolutePath().getParent();
        return parent == null || parent.getFileName() == null ? String.valueOf(fileName)
                : parent.getFileName() + "/" + fileName;
    }

    @Override
    public String toString() {
        return "OnnxModel[" + file + ", " + executionProvider + ", " + signature.inputs() + " -> "
                + signature.outputs() + "]";
    }
}
