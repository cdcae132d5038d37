package dev.trellis.core.internal.cluster;

import dev.trellis.core.NodeInfo;
import dev.trellis.core.PlacementGroupInfo;
import dev.trellis.core.Resources;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a node agent tells the directory about itself, on every heartbeat: enough for
 * scheduling elsewhere (what is free) and for {@code trellis status} (what runs and waits, and
 * the placement groups this node created, what the libraries on it hold of its resources, and
 * the URLs its services advertise). A report from a node that predates a field reads as empty.
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
        List<PlacementGroupInfo> placementGroups,
        Map<String, NodeInfo.Holding> holdings,
        Map<String, String> endpoints) implements NodeMessage {
    public NodeReport {
        Objects.requireNonNull(nodeId, "nodeId");
        pending = pending == null ? List.of() : List.copyOf(pending);
        placementGroups = placementGroups == null ? List.of() : List.copyOf(placementGroups);
        holdings = holdings == null || holdings.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(holdings));
        endpoints = endpoints == null || endpoints.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(endpoints));
    }

    /** A report with no library holdings and no endpoints. */
    public NodeReport(String nodeId, String address, String role, Resources total, Resources available,
                      int runningTasks, List<String> pending, int actors, long objectStoreBytes, long spilledBytes,
                      List<PlacementGroupInfo> placementGroups) {
        this(nodeId, address, role, total, available, runningTasks, pending, actors, objectStoreBytes, spilledBytes,
                placementGroups, Map.of(), Map.of());
    }

    /** A report with no placement groups (a node that created none, or before it knows). */
    public NodeReport(String nodeId, String address, String role, Resources total, Resources available,
                      int runningTasks, List<String> pending, int actors, long objectStoreBytes, long spilledBytes) {
        this(nodeId, address, role, total, available, runningTasks, pending, actors, objectStoreBytes, spilledBytes,
                List.of());
    }
}
