package dev.trellis.serve;

/**
 * Every replica of the deployment is at max_ongoing_requests and the router's queue is at
 * max_queued_requests: the call was refused at once rather than left waiting. Retry later or
 * scale the deployment. The HTTP layer maps this to 503 (or 429).
 */
public final class BackPressureException extends ServeException {
    public BackPressureException(String message) {
        super(message);
    }
}
