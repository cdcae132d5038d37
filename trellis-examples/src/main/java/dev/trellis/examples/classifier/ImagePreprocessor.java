package dev.trellis.examples.classifier;

import dev.trellis.http.BadRequestException;
import dev.trellis.serve.Deployment;

/**
 * Seed 001's {@code OnlineMNISTPreprocessor}: checks an image and normalizes it the way the
 * model was trained, {@code ToTensor()} (0..255 to 0..1) then {@code Normalize((0.5,), (0.5,))}
 * (to -1..1). A wrong image fails with {@link BadRequestException}, which the HTTP proxy
 * answers with 400 and the message. A deployment of its own so cheap CPU work scales apart
 * from the model. Stateless, so thread-safe.
 */
@Deployment(name = "Preprocessor")
public final class ImagePreprocessor {
    private static final int PIXELS = NormalizedImage.SIDE * NormalizedImage.SIDE;

    /** @throws BadRequestException when the image does not have 784 pixels or a pixel is outside 0..255 */
    public NormalizedImage normalize(Image image) {
        double[] pixels = image.pixels();
        if (pixels.length != PIXELS) {
            throw new BadRequestException("an image needs " + PIXELS + " pixels (28 x 28, row by row), got "
                    + pixels.length);
        }
        double[] values = new double[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            double p = pixels[i];
            if (!(p >= 0 && p <= 255)) {
                throw new BadRequestException("pixel " + i + " (row " + i / NormalizedImage.SIDE + ", column "
                        + i % NormalizedImage.SIDE + ") is " + p + "; pixels must be from 0 to 255");
            }
            values[i] = (p / 255.0 - 0.5) / 0.5;
        }
        return new NormalizedImage(values);
    }
}
