package dev.trellis.core;

import java.util.List;

/**
 * One node of the cluster as {@link Trellis#nodes()} sees it: what it has, what is free, what
 * runs and waits there, and the placement groups it created ({@code placementGroups}: pending,
 * created and recently removed ones, as {@link Trellis#placementGroups()} lists them).
 */
public record NodeInfo(String nodeId, String address, String role, Resources total, Resources available,
                       int runningTasks, List<String> pending, int actors, long objectStoreBytes,
                       long spilledBytes, List<PlacementGroupInfo> placementGroups) {
    public NodeInfo {
        pending = List.copyOf(pending);
        placementGroups = placementGroups == null ? List.of() : List.copyOf(placementGroups);
    }

    /** A node that created no placement group. */
    public NodeInfo(String nodeId, String address, String role, Resources total, Resources available,
                    int runningTasks, List<String> pending, int actors, long objectStoreBytes, long spilledBytes) {
        this(nodeId, address, role, total, available, runningTasks, pending, actors, objectStoreBytes, spilledBytes,
                List.of());
    }
}
