package dev.trellis.examples.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The preprocessor gives the network the values it was trained on (raw pixels 0-255, which the
 * network scales itself: see fixtures/scripts/fashion_cnn.py).
 */
class ImagePreprocessorTest {
    private final ImagePreprocessor preprocessor = new ImagePreprocessor();

    @Test
    void pixelsKeepTheirValuesAsTheNetworkScalesThemItself() {
        double[] pixels = new double[784];
        pixels[1] = 255;
        pixels[2] = 127;
        pixels[783] = 3;

        float[] values = preprocessor.normalize(new Image(pixels)).values();

        assertThat(values).hasSize(784);
        assertThat(values[0]).isEqualTo(0f);
        assertThat(values[1]).isEqualTo(255f);
        assertThat(values[2]).isEqualTo(127f);
        assertThat(values[783]).isEqualTo(3f);
    }
}
