package dev.trellis.examples.classifier;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.InvalidInputException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** An image the model cannot take is refused when it is made (read from JSON), naming what is wrong. */
class ImageTest {

    @Test
    void aWrongPixelCountIsInvalidInputSayingHowManyAreNeeded() {
        assertThatThrownBy(() -> new Image(new double[] {0, 128, 255}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("an image needs 784 pixels (28 x 28, row by row), got 3");
    }

    @Test
    void aPixelOutsideTheByteRangeIsInvalidInputNamingWhere() {
        double[] pixels = new double[784];
        pixels[30] = 300;

        assertThatThrownBy(() -> new Image(pixels))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("pixel 30 (row 1, column 2) is 300.0; pixels must be from 0 to 255");
    }

    @Test
    void aNegativePixelIsInvalidInput() {
        double[] pixels = new double[784];
        Arrays.fill(pixels, -1);

        assertThatThrownBy(() -> new Image(pixels)).hasMessageContaining("pixel 0 (row 0, column 0) is -1.0");
    }

    @Test
    void aPixelTooLargeForADoubleIsInvalidInput() {
        double[] pixels = new double[784];
        pixels[783] = Double.POSITIVE_INFINITY;

        assertThatThrownBy(() -> new Image(pixels)).hasMessageContaining("pixel 783 (row 27, column 27) is Infinity");
    }

    @Test
    void noPixelsIsInvalidInput() {
        assertThatThrownBy(() -> new Image(null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("pixels is required, was null");
    }
}
