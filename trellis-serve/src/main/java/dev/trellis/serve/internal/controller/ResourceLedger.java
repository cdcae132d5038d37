package dev.trellis.serve.internal.controller;

import dev.trellis.core.Resources;
import dev.trellis.core.internal.NodeAgent;
import java.util.HashMap;
import java.util.Map;

/**
 * What this node has and what its replicas hold. A replica is started only once its resources
 * are reserved here; it releases them when it stops. On a Trellis Core node the reservations are
 * taken from the node's own ledger, so replicas and Core's tasks and actors share the node's
 * resources; alone, Serve keeps its own account of {@code capacity}. Single-owner (the controller).
 */
public final class ResourceLedger implements ReplicaLedger {
    /** The holder name Serve's reservations carry on a Core node ({@code NodeInfo.holdings()}). */
    public static final String HOLDER = "serve";

    private final Resources capacity;
    /** The Core node whose resources replicas take, or null when Serve runs alone. */
    private final NodeAgent node;
    private final Map<String, Resources> reserved = new HashMap<>();
    private final Map<String, NodeAgent.Reservation> held = new HashMap<>();

    public ResourceLedger(Resources capacity) {
        this.capacity = capacity;
        this.node = null;
    }

    private ResourceLedger(NodeAgent node) {
        this.capacity = null;
        this.node = node;
    }

    /** A ledger drawing on {@code node}'s resources. */
    public static ResourceLedger onNode(NodeAgent node) {
        return new ResourceLedger(node);
    }

    public Resources capacity() {
        return node != null ? node.total() : capacity;
    }

    public Resources free() {
        if (node != null) {
            return node.available();
        }
        Resources used = Resources.NONE;
        for (Resources r : reserved.values()) {
            used = used.plus(r);
        }
        return capacity.minus(used);
    }

    @Override
    public boolean tryReserve(String replicaId, Resources need, int maxPerNode) {
        return tryReserve(replicaId, need);
    }

    @Override
    public boolean fitsNow(Resources need) {
        return need.fitsIn(free());
    }

    @Override
    public String shortage(Resources need) {
        return "the node has " + free() + " free of " + capacity();
    }

    @Override
    public String nodeOf(String replicaId) {
        return node == null ? null : node.nodeId();
    }

    /** Reserves {@code need} for {@code replicaId} if it fits; returns whether it did. */
    public boolean tryReserve(String replicaId, Resources need) {
        if (reserved.containsKey(replicaId)) {
            return true;
        }
        if (node != null) {
            NodeAgent.Reservation r = node.tryReserve(HOLDER, need);
            if (r == null) {
                return false;
            }
            held.put(replicaId, r);
        } else if (!need.fitsIn(free())) {
            return false;
        }
        reserved.put(replicaId, need);
        return true;
    }

    @Override
    public void release(String replicaId) {
        reserved.remove(replicaId);
        NodeAgent.Reservation r = held.remove(replicaId);
        if (r != null) {
            r.release();
        }
    }
}
