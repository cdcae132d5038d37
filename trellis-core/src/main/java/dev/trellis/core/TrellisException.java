package dev.trellis.core;

/**
 * Root of every exception Trellis raises itself. Unchecked, so that failures travel through
 * {@code CompletionStage}s and handle calls without wrapping; subclasses name the failure
 * (back-pressure, timeout, replica death, bad configuration...) so callers and the HTTP layer
 * can tell them apart without parsing messages.
 */
public class TrellisException extends RuntimeException {
    public TrellisException(String message) {
        super(message);
    }

    public TrellisException(String message, Throwable cause) {
        super(message, cause);
    }
}
