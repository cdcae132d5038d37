package dev.trellis.serve;

/**
 * The replica running the call died (crashed, or was stopped before it could finish the call).
 * Calls that had not started on a replica that died are retried elsewhere and never see this.
 */
public final class ReplicaDiedException extends ServeException {
    public ReplicaDiedException(String message) {
        super(message);
    }
}
