package dev.trellis.examples.pipelines;

/**
 * A grayscale image after preprocessing: {@code pixels[row][column]} in [0, 1], every row the
 * same length, at least 2 x 2. The stand-in for the seed's normalized input tensor.
 */
public record NormalizedImage(double[][] pixels) {
}
