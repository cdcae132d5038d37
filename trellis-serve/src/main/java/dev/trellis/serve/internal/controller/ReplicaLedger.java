package dev.trellis.serve.internal.controller;

import dev.trellis.core.Resources;

/**
 * Where replicas' resources are reserved: one node's account ({@link ResourceLedger}) or a
 * cluster's ({@code ClusterLedger}, which also picks the node). A replica starts only once its
 * resources are reserved; they are released when it stops. Single-owner (the controller).
 */
public interface ReplicaLedger {
    /**
     * Reserves {@code need} for {@code replicaId} on a node with room for it, where its deployment
     * has fewer than {@code maxPerNode} replicas (0: no limit); returns whether it did. Reserving a
     * replica that holds a reservation already returns true.
     */
    boolean tryReserve(String replicaId, Resources need, int maxPerNode);

    /** Gives {@code replicaId}'s reservation back (idempotent). */
    void release(String replicaId);

    /** Whether {@code need} would fit somewhere now. */
    boolean fitsNow(Resources need);

    /** Why {@code need} does not fit now, as the end of a sentence ("the node has ... free of ..."). */
    String shortage(Resources need);

    /** The node {@code replicaId}'s reservation is on when that is not the controller's own node; else null. */
    default String remoteNode(String replicaId) {
        return null;
    }

    /** The node {@code replicaId} runs on, for status; null when Serve runs alone, not on a Core node. */
    String nodeOf(String replicaId);
}
