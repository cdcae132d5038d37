package dev.trellis.models.internal.onnx;

import dev.trellis.models.ModelInputException;
import dev.trellis.models.ModelSignature;
import dev.trellis.models.TensorSpec;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How {@code OnnxModel.predict(float[][])} feeds a graph and reads its answer, decided once from
 * the signature. Pure (no ONNX Runtime objects), so the conventions are unit-tested on their own.
 *
 * <p>Input: the graph's only input, of element type float (or double: the rows are widened),
 * shape [batch, d1, d2, ...] with fixed per-example dimensions; a row is one example flattened
 * row-major ({@code d1 * d2 * ...} values). A free batch dimension takes all rows in one run; a
 * batch fixed at 1 runs row by row; another fixed batch size takes exactly that many rows.
 *
 * <p>Outputs: the <em>label</em> output is an int64/int32 tensor [N] or [N, 1]; the <em>scores</em>
 * output is a float/double tensor [N] or [N, C], or a sequence of maps class -> probability
 * (scikit-learn's {@code ZipMap}). When several qualify, one whose name says so wins
 * ({@code label}; {@code prob}, {@code score}), then the first in graph order. Either may be
 * missing, not both.
 */
public record PredictPlan(String inputName, boolean doubleInput, long[] inputShape, Optional<String> labelOutput,
        Optional<String> scoresOutput) {

    private static final Set<String> LABEL_TYPES = Set.of("int64", "int32");
    private static final Set<String> SCORE_TYPES = Set.of("float", "double");

    public PredictPlan {
        inputShape = inputShape.clone();
        if (labelOutput.isEmpty() && scoresOutput.isEmpty()) {
            throw new IllegalArgumentException("a predict plan needs a label or a scores output");
        }
    }

    /**
     * The plan for {@code signature}.
     *
     * @throws UnsupportedOperationException saying why {@code predict} cannot feed or read this
     *     graph (the message points to {@code OnnxModel.run} for such graphs)
     */
    public static PredictPlan of(ModelSignature signature) {
        List<TensorSpec> inputs = signature.inputs();
        if (inputs.size() != 1) {
            throw unsupported("it has " + inputs.size() + " inputs " + names(inputs) + "; predict feeds exactly one");
        }
        TensorSpec input = inputs.getFirst();
        if (!SCORE_TYPES.contains(input.elementType())) {
            throw unsupported("its input " + input + " is not float or double");
        }
        long[] shape = input.shape();
        if (shape.length == 0) {
            throw unsupported("its input " + input + " is a scalar, with no batch dimension");
        }
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw unsupported("its input " + input + " has a free dimension after the batch one");
            }
        }
        Optional<String> label = pick(signature.outputs(), PredictPlan::isLabel, "label");
        Optional<String> scores = pick(signature.outputs(), PredictPlan::isScores, "prob", "score");
        if (label.isEmpty() && scores.isEmpty()) {
            throw unsupported("none of its outputs " + names(signature.outputs())
                    + " is a label (int64 [N]) or scores (float [N] or [N, C]) output");
        }
        return new PredictPlan(input.name(), input.elementType().equals("double"), shape, label, scores);
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The values in one row: the product of the input's dimensions after the batch one. */
    public int exampleSize() {
        long size = 1;
        for (int i = 1; i < inputShape.length; i++) {
            size *= inputShape[i];
        }
        return Math.toIntExact(size);
    }

    /** Whether the graph takes one example per run (its batch dimension is fixed at 1). */
    public boolean oneRowPerRun() {
        return inputShape[0] == 1;
    }

    /**
     * The shape of the input tensor for {@code rows} rows.
     *
     * @throws ModelInputException when the batch dimension is fixed at another number of rows
     */
    public long[] tensorShape(String model, int rows) {
        if (inputShape[0] >= 0 && inputShape[0] != rows) {
            throw new ModelInputException(model + ": the model takes batches of exactly " + inputShape[0]
                    + " rows (input '" + inputName + "' is " + Arrays.toString(inputShape) + "), got " + rows);
        }
        long[] shape = inputShape.clone();
        shape[0] = rows;
        return shape;
    }

    /** The outputs a run must compute. */
    public Set<String> requestedOutputs() {
        var names = new LinkedHashSet<String>();
        labelOutput.ifPresent(names::add);
        scoresOutput.ifPresent(names::add);
        return names;
    }

    static boolean isLabel(TensorSpec spec) {
        long[] shape = spec.shape();
        return LABEL_TYPES.contains(spec.elementType())
                && (shape.length == 1 || shape.length == 2 && shape[1] == 1);
    }

    static boolean isScores(TensorSpec spec) {
        int rank = spec.shape().length;
        return SCORE_TYPES.contains(spec.elementType()) && (rank == 1 || rank == 2)
                || spec.elementType().matches("seq\\(map\\((int64|string),(float|double)\\)\\)");
    }

    private static Optional<String> pick(List<TensorSpec> outputs, Predicate<TensorSpec> qualifies,
            String... nameHints) {
        Comparator<TensorSpec> byHint = Comparator.comparing(spec -> !hinted(spec.name(), nameHints));
        return outputs.stream().filter(qualifies).sorted(byHint).findFirst().map(TensorSpec::name);
    }

    private static boolean hinted(String name, String... hints) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(hints).anyMatch(lower::contains);
    }

    private static List<String> names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::toString).toList();
    }

    private static UnsupportedOperationException unsupported(String why) {
        return new UnsupportedOperationException("predict(float[][]) cannot run this graph: " + why
                + ". Call OnnxModel.run(Map) with the graph's own inputs instead");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PredictPlan p && p.inputName.equals(inputName) && p.doubleInput == doubleInput
                && Arrays.equals(p.inputShape, inputShape) && p.labelOutput.equals(labelOutput)
                && p.scoresOutput.equals(scoresOutput);
    }

    @Override
    public int hashCode() {
        return inputName.hashCode() * 31 + Arrays.hashCode(inputShape);
    }

    @Override
    public String toString() {
        return "PredictPlan[input=" + inputName + Arrays.toString(inputShape) + (doubleInput ? " double" : "")
                + ", label=" + labelOutput.orElse("-") + ", scores=" + scoresOutput.orElse("-") + "]";
    }
}
