package dev.trellis.examples.classifier;

/**
 * One image as the model takes it: a 1 x 28 x 28 float tensor (one channel, 28 rows of 28),
 * flattened row by row, with the values the network was trained on (see
 * {@link ImagePreprocessor}). Made only by the preprocessor, which has checked it.
 */
public record ImageTensor(float[] values) {

    /** Width and height of every image, in pixels. */
    public static final int SIDE = 28;
    /** Values in one tensor: 1 x 28 x 28. */
    public static final int SIZE = SIDE * SIDE;
}
