package dev.trellis.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One placement group as {@link Trellis#placementGroups()} lists it (Ray's
 * {@code placement_group_table}): what it asks for, its state, the node of each reserved bundle
 * ({@code bundleNodes}: bundle index to node id; a bundle not reserved now is absent) and, while
 * it waits or after it failed or was removed, why ({@code reason}; null once created).
 * {@code name} is null for an unnamed group; {@code creatorNode} is the node that owns it.
 */
public record PlacementGroupInfo(String id, String name, String creatorNode, PlacementStrategy strategy,
                                 State state, List<Resources> bundles, Map<Integer, String> bundleNodes,
                                 String reason) {
    /** The life of a group, with Ray's names where Ray has one. */
    public enum State {
        /** Waiting for its bundles to be reserved; tried again as resources free up. */
        PENDING,
        /** Every bundle is reserved. */
        CREATED,
        /** A node holding bundles died; the lost bundles are being placed again. */
        RESCHEDULING,
        /** Removed by {@link Trellis#removePlacementGroup}, or its creator left the cluster. */
        REMOVED,
        /** No set of nodes could ever hold it: {@link PlacementGroup#ready()} failed. */
        INFEASIBLE
    }

    public PlacementGroupInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(state, "state");
        bundles = List.copyOf(bundles);
        bundleNodes = bundleNodes == null ? Map.of() : Map.copyOf(bundleNodes);
    }
}
