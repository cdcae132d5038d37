package dev.trellis.examples.classifier;

import dev.trellis.serve.Deployment;

/**
 * Seed 001's {@code OnlineMNISTPreprocessor}: turns an image, checked when it was read (see
 * {@link Image}), into the tensor the model was trained on. The seed's network was trained on
 * {@code ToTensor()} then {@code Normalize((0.5,), (0.5,))} and its preprocessor applies both;
 * the network served here ({@code fixtures/scripts/fashion_cnn.py}) was trained on raw pixel
 * values 0-255 and scales them itself, as the first step of its graph ({@code pixels / 255}), so
 * this preprocessor shapes the image into a 1 x 28 x 28 float tensor and keeps the values.
 * Scaling here as well would feed the model images it never saw (every pixel nearly black). A
 * deployment of its own so cheap CPU work scales apart from the model. Stateless, so thread-safe.
 */
@Deployment(name = "Preprocessor")
public final class ImagePreprocessor {

    public ImageTensor normalize(Image image) {
        double[] pixels = image.pixels();
        float[] values = new float[ImageTensor.SIZE];
        for (int i = 0; i < ImageTensor.SIZE; i++) {
            values[i] = (float) pixels[i];
        }
        return new ImageTensor(values);
    }
}
