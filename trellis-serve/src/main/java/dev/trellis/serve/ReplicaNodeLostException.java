package dev.trellis.serve;

/**
 * The node running the replica that had the call was lost (its failure detector gave up on it,
 * or it was downed) while the call ran there; whether the call's work happened is unknown. Calls
 * that had not reached a replica are retried on another one instead. HTTP: 503.
 */
public final class ReplicaNodeLostException extends ServeException {
    public ReplicaNodeLostException(String message) {
        super(message);
    }
}
