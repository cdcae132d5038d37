package dev.trellis.examples.classifier;

import dev.trellis.http.BadRequestException;
import dev.trellis.serve.Deployment;

/**
 * Seed 001's {@code OnlineMNISTPreprocessor}: checks an image and turns it into the tensor the
 * model was trained on. The seed's network was trained on {@code ToTensor()} then
 * {@code Normalize((0.5,), (0.5,))} and its preprocessor applies both; the network served here
 * ({@code fixtures/scripts/fashion_cnn.py}) was trained on raw pixel values 0-255 and scales
 * them itself, as the first step of its graph ({@code pixels / 255}), so this preprocessor
 * shapes the image into a 1 x 28 x 28 float tensor and keeps the values. Scaling here as well
 * would feed the model images it never saw (every pixel nearly black). A wrong image fails
 * with {@link BadRequestException}, which the HTTP proxy answers with 400 and the message. A
 * deployment of its own so cheap CPU work scales apart from the model. Stateless, so
 * thread-safe.
 */
@Deployment(name = "Preprocessor")
public final class ImagePreprocessor {

    /** @throws BadRequestException when the image does not have 784 pixels or a pixel is outside 0..255 */
    public ImageTensor normalize(Image image) {
        double[] pixels = image.pixels();
        if (pixels.length != ImageTensor.SIZE) {
            throw new BadRequestException("an image needs " + ImageTensor.SIZE + " pixels (28 x 28, row by row), got "
                    + pixels.length);
        }
        float[] values = new float[ImageTensor.SIZE];
        for (int i = 0; i < ImageTensor.SIZE; i++) {
            double p = pixels[i];
            if (!(p >= 0 && p <= 255)) {
                throw new BadRequestException("pixel " + i + " (row " + i / ImageTensor.SIDE + ", column "
                        + i % ImageTensor.SIDE + ") is " + p + "; pixels must be from 0 to 255");
            }
            values[i] = (float) p;
        }
        return new ImageTensor(values);
    }
}
