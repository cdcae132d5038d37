package dev.trellis.http.internal;

/**
 * A request the proxy answers itself with {@code status} (404 no route, 405 wrong method,
 * 413 too large, ...), never reaching a replica. The message goes to the client.
 */
public final class HttpError extends RuntimeException {
    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
