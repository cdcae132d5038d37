package dev.trellis.core.internal.cluster;

import dev.trellis.core.Resources;
import java.util.List;
import java.util.Objects;

/**
 * What a node agent tells the directory about itself, on every heartbeat: enough for
 * scheduling elsewhere (what is free) and for {@code trellis status} (what runs and waits).
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
        long spilledBytes) implements NodeMessage {
    public NodeReport {
        Objects.requireNonNull(nodeId, "nodeId");
        pending = pending == null ? List.of() : List.copyOf(pending);
    }
}
