package dev.trellis.examples;

import dev.trellis.serve.InvalidInputException;

/**
 * The checks the examples' request records run in their compact constructors, so that a value
 * a model cannot use is refused where it is read, with a message naming the field, what it must
 * be and what came: {@code "petal length must be a finite number from 0 to 30, was -1.0"}. Each
 * throws {@link InvalidInputException}, answered 400 over HTTP whoever built the record: the
 * proxy binding a JSON body (its message then starts with the field's path in the body), a
 * deployment calling another through a handle, or a test.
 */
public final class InputChecks {
    private InputChecks() {
    }

    /**
     * {@code value}, if it is a finite number from {@code min} to {@code max}: NaN and the
     * infinities never are (a JSON number too large for a double, such as {@code 1e400}, is read
     * as Infinity).
     */
    public static double requireBetween(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidInputException(field + " must be a finite number from " + decimal(min) + " to "
                    + decimal(max) + ", was " + value + (Double.isInfinite(value) ? " (too large for a double)" : ""));
        }
        return value;
    }

    /** {@code value}, if it is from {@code min} to {@code max}. */
    public static int requireBetween(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInputException(field + " must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    /** {@code value}, if it is not null. */
    public static <T> T requireNonNull(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field + " is required, was null");
        }
        return value;
    }

    /** {@code text}, if it is not null and has at most {@code maxLength} characters. */
    public static String requireText(String field, String text, int maxLength) {
        requireNonNull(field, text);
        if (text.length() > maxLength) {
            throw new InvalidInputException(field + " must have at most " + maxLength + " characters, had "
                    + text.length());
        }
        return text;
    }

    /** 30 rather than 30.0, 0.5 as it is. */
    private static String decimal(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? String.valueOf((long) bound) : String.valueOf(bound);
    }
}
