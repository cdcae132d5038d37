package dev.trellis.examples.classifier;

/**
 * An image ready for the model: 784 values in [-1, 1] (0 becomes -1, 255 becomes 1), row by
 * row, the tensor the seed's {@code Normalize((0.5,), (0.5,))} transform makes.
 */
public record NormalizedImage(double[] values) {

    /** Width and height of every image, in pixels. */
    public static final int SIDE = 28;
}
