package dev.trellis.serve;

/**
 * {@link Serve#run} could not bring the application to RUNNING; the message carries the
 * deployments' status messages (for example a constructor's exception).
 */
public final class DeploymentFailedException extends ServeException {
    public DeploymentFailedException(String message) {
        super(message);
    }
}
