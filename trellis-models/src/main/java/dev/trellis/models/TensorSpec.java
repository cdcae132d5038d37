package dev.trellis.models;

import java.util.Arrays;

/**
 * One input or output of a model: its name, element type (as ONNX names them: {@code float},
 * {@code int64}, {@code string}...) and shape. A dimension of -1 is free (the batch dimension,
 * usually the first).
 */
public record TensorSpec(String name, String elementType, long[] shape) {

    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of values of one example: the product of the dimensions after the first; 1 for a 1-d tensor. */
    public int exampleSize() {
        long size = 1;
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalStateException("input '" + name + "' has a free dimension after the batch one: "
                        + Arrays.toString(shape));
            }
            size *= shape[i];
        }
        return Math.toIntExact(size);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.elementType.equals(elementType)
                && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ": " + elementType + Arrays.toString(shape);
    }
}
