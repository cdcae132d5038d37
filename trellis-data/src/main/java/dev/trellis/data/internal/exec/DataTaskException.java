package dev.trellis.data.internal.exec;

/** A failure inside a Data task, already naming the operator and the block or file. */
public final class DataTaskException extends RuntimeException {
    public DataTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
