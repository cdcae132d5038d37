package dev.trellis.examples.classifier;

/**
 * One 28 x 28 grayscale image as the client sends it: {@code {"pixels": [0, 0, 37, 255, ...]}},
 * 784 values from 0 (black) to 255 (white), row by row from the top left, as Fashion-MNIST
 * stores them. Checked by {@link ImagePreprocessor}, not here, so that a wrong image is a 400
 * naming what is wrong rather than a failure to bind.
 */
public record Image(double[] pixels) {
}
