package dev.trellis.models;

import dev.trellis.serve.InvalidInputException;

/**
 * An input the model cannot take: a row of the wrong length, a tensor of the wrong shape, a
 * value out of range. The message names what was expected and what came; over HTTP it is a 400.
 */
public final class ModelInputException extends InvalidInputException {
    public ModelInputException(String message) {
        super(message);
    }

    /** Checks that every row has {@code expected} values; the message names the model, the row and both sizes. */
    public static void requireRowLength(String model, float[][] rows, int expected) {
        if (rows == null || rows.length == 0) {
            throw new ModelInputException(model + ": expected at least one input row, got none");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != expected) {
                throw new ModelInputException(model + ": expected " + expected + " features per row, got "
                        + (rows[i] == null ? "null" : rows[i].length) + (rows.length > 1 ? " in row " + i : ""));
            }
        }
    }
}
