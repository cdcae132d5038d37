package dev.trellis.serve.internal.controller;

import dev.trellis.core.Resources;
import java.util.HashMap;
import java.util.Map;

/**
 * What this node has and what its replicas hold. A replica is started only once its resources
 * are reserved here; it releases them when it stops. Single-owner (the controller).
 */
public final class ResourceLedger {
    private final Resources capacity;
    private final Map<String, Resources> reserved = new HashMap<>();

    public ResourceLedger(Resources capacity) {
        this.capacity = capacity;
    }

    public Resources capacity() {
        return capacity;
    }

    public Resources free() {
        Resources used = Resources.NONE;
        for (Resources r : reserved.values()) {
            used = used.plus(r);
        }
        return capacity.minus(used);
    }

    /** Reserves {@code need} for {@code replicaId} if it fits; returns whether it did. */
    public boolean tryReserve(String replicaId, Resources need) {
        if (reserved.containsKey(replicaId)) {
            return true;
        }
        if (!need.fitsIn(free())) {
            return false;
        }
        reserved.put(replicaId, need);
        return true;
    }

    public void release(String replicaId) {
        reserved.remove(replicaId);
    }
}
