package dev.trellis.examples.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.http.BadRequestException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The preprocessor gives the network the values it was trained on (raw pixels 0-255, which the
 * network scales itself: see fixtures/scripts/fashion_cnn.py) and names what is wrong with a bad image.
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

    @Test
    void aWrongPixelCountIsABadRequestSayingHowManyAreNeeded() {
        assertThatThrownBy(() -> preprocessor.normalize(new Image(new double[] {0, 128, 255})))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("an image needs 784 pixels (28 x 28, row by row), got 3");
    }

    @Test
    void aPixelOutsideTheByteRangeIsABadRequestNamingWhere() {
        double[] pixels = new double[784];
        pixels[30] = 300;

        assertThatThrownBy(() -> preprocessor.normalize(new Image(pixels)))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("pixel 30 (row 1, column 2) is 300.0; pixels must be from 0 to 255");
    }

    @Test
    void aNegativePixelIsABadRequest() {
        double[] pixels = new double[784];
        Arrays.fill(pixels, -1);

        assertThatThrownBy(() -> preprocessor.normalize(new Image(pixels)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("pixel 0 (row 0, column 0) is -1.0");
    }
}
