package dev.trellis.serve;

/**
 * The call was cancelled by {@link DeploymentResponse#cancel()} (or by its HTTP client going away).
 */
public final class RequestCancelledException extends ServeException {
    public RequestCancelledException(String message) {
        super(message);
    }
}
