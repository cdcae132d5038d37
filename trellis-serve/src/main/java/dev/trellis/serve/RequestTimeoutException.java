package dev.trellis.serve;

/**
 * {@link DeploymentResponse#result(java.time.Duration)} waited longer than its timeout.
 */
public final class RequestTimeoutException extends ServeException {
    public RequestTimeoutException(String message) {
        super(message);
    }
}
