package dev.trellis.models.internal.onnx;

import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.trellis.models.ModelInputException;
import dev.trellis.models.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Java arrays to input tensors (checked against the graph's input) and outputs back to Java values. */
public final class OnnxValues {
    private OnnxValues() {
    }

    /**
     * A tensor holding {@code value} (a Java array of any rank, or a boxed scalar) for input {@code spec}.
     *
     * @throws ModelInputException if {@code value} is not a tensor, or its element type or shape is not {@code spec}'s
     */
    public static OnnxTensor tensor(OrtEnvironment environment, String model, TensorSpec spec, Object value) {
        OnnxTensor tensor;
        try {
            tensor = OnnxTensor.createTensor(environment, value);
        } catch (OrtException | RuntimeException e) {
            throw new ModelInputException(model + ": input '" + spec.name() + "' (" + spec + ") cannot be made from a "
                    + value.getClass().getSimpleName() + ": " + e.getMessage());
        }
        String type = OnnxSignatures.tensorType(tensor.getInfo());
        long[] shape = tensor.getInfo().getShape();
        if (!type.equals(spec.elementType()) || !fits(shape, spec.shape())) {
            tensor.close();
            throw new ModelInputException(model + ": input '" + spec.name() + "' takes " + spec.elementType()
                    + Arrays.toString(spec.shape()) + " (-1: any size), got " + type + Arrays.toString(shape));
        }
        return tensor;
    }

    private static boolean fits(long[] actual, long[] expected) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (expected[i] >= 0 && expected[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * An output as a Java value: a tensor as an array of its rank (a scalar boxed), a sequence as
     * a list of its elements' values, a map as a map. Sequence elements are closed here; the
     * value itself belongs to its run's result.
     */
    public static Object toJava(OnnxValue value) throws OrtException {
        if (value instanceof OnnxSequence sequence) {
            List<? extends OnnxValue> elements = sequence.getValue();
            try {
                var values = new ArrayList<>(elements.size());
                for (OnnxValue element : elements) {
                    values.add(toJava(element));
                }
                return values;
            } finally {
                elements.forEach(OnnxValue::close);
            }
        }
        return value.getValue();
    }
}
