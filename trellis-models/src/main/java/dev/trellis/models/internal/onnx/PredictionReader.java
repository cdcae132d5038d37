package dev.trellis.models.internal.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.trellis.models.Prediction;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one run's outputs into {@link Prediction}s, following a {@link PredictPlan}:
 * <ul>
 *   <li>label and scores outputs: {@code Prediction(label[i], scores[i])};</li>
 *   <li>scores only, more than one per row: the label is the index of the highest score;</li>
 *   <li>scores only, one per row ([N] or [N, 1]): a regression, label -1, scores {@code [value]};</li>
 *   <li>label only: {@code Prediction(label[i], [])}.</li>
 * </ul>
 * A {@code ZipMap}'s class -> probability maps become score arrays ordered by class key.
 */
public final class PredictionReader {
    private PredictionReader() {
    }

    public static List<Prediction> read(PredictPlan plan, OrtSession.Result result, int rows) throws OrtException {
        long[] labels = plan.labelOutput().isPresent() ? labels(output(result, plan.labelOutput().get()), rows) : null;
        float[][] scores = plan.scoresOutput().isPresent()
                ? scores(output(result, plan.scoresOutput().get()), rows)
                : null;
        var predictions = new ArrayList<Prediction>(rows);
        for (int i = 0; i < rows; i++) {
            float[] rowScores = scores == null ? new float[0] : scores[i];
            int label = labels != null ? Math.toIntExact(labels[i]) : rowScores.length > 1 ? argmax(rowScores) : -1;
            predictions.add(new Prediction(label, rowScores));
        }
        return predictions;
    }

    private static OnnxValue output(OrtSession.Result result, String name) {
        return result.get(name).orElseThrow(() -> new IllegalStateException("the run returned no output '" + name + "'"));
    }

    private static long[] labels(OnnxValue value, int rows) {
        var tensor = (OnnxTensor) value;
        long[] labels = switch (tensor.getInfo().type) {
            case INT64 -> remaining(tensor.getLongBuffer());
            case INT32 -> Arrays.stream(remaining(tensor.getIntBuffer())).asLongStream().toArray();
            default -> throw new IllegalStateException("label output is " + tensor.getInfo().type + ", not an integer");
        };
        requireRows("label", labels.length, rows);
        return labels;
    }

    private static float[][] scores(OnnxValue value, int rows) throws OrtException {
        if (value instanceof OnnxSequence sequence) {
            return zipMapScores(sequence, rows);
        }
        var tensor = (OnnxTensor) value;
        float[] flat = tensor.getInfo().type == OnnxJavaType.DOUBLE
                ? toFloats(tensor.getDoubleBuffer())
                : remaining(tensor.getFloatBuffer());
        long[] shape = tensor.getInfo().getShape();
        requireRows("scores", shape.length == 0 ? 1 : shape[0], rows);
        int width = rows == 0 ? 0 : flat.length / rows;
        var scores = new float[rows][];
        for (int i = 0; i < rows; i++) {
            scores[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return scores;
    }

    private static float[][] zipMapScores(OnnxSequence sequence, int rows) throws OrtException {
        List<? extends OnnxValue> maps = sequence.getValue();
        try {
            requireRows("scores", maps.size(), rows);
            var scores = new float[rows][];
            for (int i = 0; i < rows; i++) {
                var byClass = new TreeMap<Object, Object>(((OnnxMap) maps.get(i)).getValue());
                scores[i] = new float[byClass.size()];
                int c = 0;
                for (Map.Entry<Object, Object> entry : byClass.entrySet()) {
                    scores[i][c++] = ((Number) entry.getValue()).floatValue();
                }
            }
            return scores;
        } finally {
            maps.forEach(OnnxValue::close); // a sequence's elements are closed apart from it
        }
    }

    private static void requireRows(String what, long got, int rows) {
        if (got != rows) {
            throw new IllegalStateException("the " + what + " output has " + got + " rows for " + rows + " input rows");
        }
    }

    private static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    private static float[] remaining(FloatBuffer buffer) {
        var values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static long[] remaining(java.nio.LongBuffer buffer) {
        var values = new long[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static int[] remaining(java.nio.IntBuffer buffer) {
        var values = new int[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static float[] toFloats(DoubleBuffer buffer) {
        var values = new float[buffer.remaining()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) buffer.get();
        }
        return values;
    }
}
