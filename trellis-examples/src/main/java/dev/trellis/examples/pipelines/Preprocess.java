package dev.trellis.examples.pipelines;

import dev.trellis.http.BadRequestException;

/**
 * The pipelines' first step, the CPU-bound preprocessing the seed splits off from the models
 * so each can be scaled on its own: checks a grayscale image (rows of 0-255 intensities) and
 * scales it to [0, 1], as torchvision's {@code ToTensor} does. An image it cannot use is a bad
 * request (HTTP 400) naming the row or pixel.
 */
public final class Preprocess {
    private Preprocess() {
    }

    public static NormalizedImage normalize(int[][] image) {
        if (image == null || image.length < 2 || image[0] == null || image[0].length < 2) {
            throw new BadRequestException("image must be at least 2 x 2 pixels");
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
