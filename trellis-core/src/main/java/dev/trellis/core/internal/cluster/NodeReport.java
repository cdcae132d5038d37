package dev.trellis.core.internal.cluster;

import dev.trellis.core.PlacementGroupInfo;
import dev.trellis.core.Resources;
import java.util.List;
import java.util.Objects;

/**
 * What a node agent tells the directory about itself, on every heartbeat: enough for
 * scheduling elsewhere (what is free) and for {@code trellis status} (what runs and waits, and
 * the placement groups this node created).
 */
public record NodeReport(
        String nodeId,
        String address,
        String role,
        Resources total,
        Resources available,
        int runningTasks,
        List<String> pending,
        int actors,
        long objectStoreBytes,
        long spilledBytes,
        List<PlacementGroupInfo> placementGroups) implements NodeMessage {
    public NodeReport {
        Objects.requireNonNull(nodeId, "nodeId");
        pending = pending == null ? List.of() : List.copyOf(pending);
        placementGroups = placementGroups == null ? List.of() : List.copyOf(placementGroups);
    }

    /** A report with no placement groups (a node that created none, or before it knows). */
    public NodeReport(String nodeId, String address, String role, Resources total, Resources available,
                      int runningTasks, List<String> pending, int actors, long objectStoreBytes, long spilledBytes) {
        this(nodeId, address, role, total, available, runningTasks, pending, actors, objectStoreBytes, spilledBytes,
                List.of());
    }
}
