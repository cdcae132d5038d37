package dev.trellis.serve;

/**
 * The deployment cannot take calls: its application was deleted or failed to deploy, or Serve
 * was shut down. The message says which.
 */
public final class DeploymentUnavailableException extends ServeException {
    public DeploymentUnavailableException(String message) {
        super(message);
    }
}
