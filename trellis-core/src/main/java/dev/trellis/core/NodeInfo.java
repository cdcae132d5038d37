package dev.trellis.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One node of the cluster as {@link Trellis#nodes()} sees it: what it has, what is free, what
 * runs and waits there, and the placement groups it created ({@code placementGroups}: pending,
 * created and recently removed ones, as {@link Trellis#placementGroups()} lists them).
 *
 * <p>{@code holdings} is what the libraries running on the node (Serve) hold of its resources,
 * by holder name (Serve's is {@code serve}): how many reservations and their sum. Core's own
 * tasks and actors are not in it. {@code endpoints} are the URLs the node's services advertise,
 * by name: {@code metrics} (the node's Prometheus endpoint), {@code serve-proxy},
 * {@code serve-admin}, {@code serve-metrics}. Both maps are sorted by name and immutable, like
 * the lists; like {@code available}, they are as of the node's last report.
 */
public record NodeInfo(String nodeId, String address, String role, Resources total, Resources available,
                       int runningTasks, List<String> pending, int actors, long objectStoreBytes,
                       long spilledBytes, List<PlacementGroupInfo> placementGroups, Map<String, Holding> holdings,
                       Map<String, String> endpoints) {
    public NodeInfo {
        pending = List.copyOf(pending);
        placementGroups = placementGroups == null ? List.of() : List.copyOf(placementGroups);
        holdings = sorted(holdings);
        endpoints = sorted(endpoints);
    }

    /** A node that created no placement group. */
    public NodeInfo(String nodeId, String address, String role, Resources total, Resources available,
                    int runningTasks, List<String> pending, int actors, long objectStoreBytes, long spilledBytes) {
        this(nodeId, address, role, total, available, runningTasks, pending, actors, objectStoreBytes, spilledBytes,
                List.of());
    }

    /** A node where no library holds resources and nothing is advertised. */
    public NodeInfo(String nodeId, String address, String role, Resources total, Resources available,
                    int runningTasks, List<String> pending, int actors, long objectStoreBytes, long spilledBytes,
                    List<PlacementGroupInfo> placementGroups) {
        this(nodeId, address, role, total, available, runningTasks, pending, actors, objectStoreBytes, spilledBytes,
                placementGroups, Map.of(), Map.of());
    }

    /**
     * What one library holds of a node's resources: {@code reservations} held now, which together
     * hold {@code resources}.
     */
    public record Holding(int reservations, Resources resources) {
        public Holding {
            if (reservations < 1) {
                throw new IllegalArgumentException("a holding has at least 1 reservation, was " + reservations);
            }
            Objects.requireNonNull(resources, "resources");
        }
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        return java.util.Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
