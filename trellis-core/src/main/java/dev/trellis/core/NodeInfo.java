package dev.trellis.core;

import java.util.List;

/**
 * One node of the cluster as {@link Trellis#nodes()} sees it: what it has, what is free, what
 * runs and waits there.
 */
public record NodeInfo(String nodeId, String address, String role, Resources total, Resources available,
                       int runningTasks, List<String> pending, int actors, long objectStoreBytes,
                       long spilledBytes) {
    public NodeInfo {
        pending = List.copyOf(pending);
    }
}
