package dev.trellis.core;

/** A {@code get} with a timeout ended before the value was ready. The object itself is unaffected. */
public class GetTimeoutException extends TrellisException {
    public GetTimeoutException(String message) {
        super(message);
    }
}
