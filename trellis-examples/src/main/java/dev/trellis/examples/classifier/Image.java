package dev.trellis.examples.classifier;

import dev.trellis.examples.InputChecks;
import dev.trellis.serve.InvalidInputException;

/**
 * One 28 x 28 grayscale image as the client sends it: {@code {"pixels": [0, 0, 37, 255, ...]}},
 * exactly {@value ImageTensor#SIZE} values from 0 (black) to 255 (white), row by row from the top
 * left, as Fashion-MNIST stores them. An image of another size, or a pixel outside 0..255 (NaN
 * and Infinity included; a JSON number too large for a double is read as Infinity), is refused
 * here, where the body is read, with an {@link InvalidInputException} naming what is wrong,
 * answered 400 over HTTP: {@code pixel 30 (row 1, column 2) is 300.0; pixels must be from 0 to 255}.
 */
public record Image(double[] pixels) {

    public Image {
        InputChecks.requireNonNull("pixels", pixels);
        if (pixels.length != ImageTensor.SIZE) {
            throw new InvalidInputException("an image needs " + ImageTensor.SIZE + " pixels (28 x 28, row by row), got "
                    + pixels.length);
        }
        for (int i = 0; i < pixels.length; i++) {
            if (!(pixels[i] >= 0 && pixels[i] <= 255)) {
                throw new InvalidInputException("pixel " + i + " (row " + i / ImageTensor.SIDE + ", column "
                        + i % ImageTensor.SIDE + ") is " + pixels[i] + "; pixels must be from 0 to 255");
            }
        }
    }
}
