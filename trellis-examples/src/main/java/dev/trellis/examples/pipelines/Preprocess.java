package dev.trellis.examples.pipelines;

import dev.trellis.http.BadRequestException;

/**
 * The pipelines' first step, the CPU-bound preprocessing the seed splits off from the models
 * so each can be scaled on its own: checks a grayscale image (rows of 0-255 intensities) and
 * scales it to [0, 1], as torchvision's {@code ToTensor} does. An image it cannot use is a bad
 * request (HTTP 400) naming the row or pixel: it must be from 2 x 2 to {@value #MAX_SIDE} x
 * {@value #MAX_SIDE} pixels (the input size of the seed's torchvision models), every row as long
 * as the first, every pixel from 0 to 255.
 */
public final class Preprocess {
    /** The most rows, and pixels in a row, an image may have. */
    public static final int MAX_SIDE = 224;

    private Preprocess() {
    }

    public static NormalizedImage normalize(int[][] image) {
        if (image == null || image.length < 2 || image.length > MAX_SIDE || image[0] == null
                || image[0].length < 2 || image[0].length > MAX_SIDE) {
            throw new BadRequestException("image must be from 2 x 2 to " + MAX_SIDE + " x " + MAX_SIDE + " pixels, was "
                    + (image == null ? "null" : image.length + " x " + (image.length == 0 || image[0] == null ? 0 : image[0].length)));
        }
        int width = image[0].length;
        double[][] pixels = new double[image.length][width];
        for (int r = 0; r < image.length; r++) {
            if (image[r] == null || image[r].length != width) {
                throw new BadRequestException("image rows must all have " + width + " pixels, row " + r + " has "
                        + (image[r] == null ? 0 : image[r].length));
            }
            for (int c = 0; c < width; c++) {
                int p = image[r][c];
                if (p < 0 || p > 255) {
                    throw new BadRequestException("pixel [" + r + "][" + c + "] must be 0-255, was " + p);
                }
                pixels[r][c] = p / 255.0;
            }
        }
        return new NormalizedImage(pixels);
    }
}
