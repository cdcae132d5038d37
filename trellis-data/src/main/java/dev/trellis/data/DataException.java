package dev.trellis.data;

/**
 * A dataset could not be read, transformed or written: the message names the operator and the
 * file or block (and the cause, for a function that threw).
 */
public class DataException extends RuntimeException {
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    public DataException(String message) {
        super(message);
    }
}
