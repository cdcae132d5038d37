package dev.trellis.core;

import java.util.Objects;

/**
 * Where a task or actor may run, with Ray's strategies: {@link #DEFAULT} (pack onto the nodes
 * in use until they are busy, then spread), {@link #SPREAD} (spread over the nodes that fit) and
 * {@link #nodeAffinity} (one named node; soft affinity falls back to the default when that node
 * cannot take it) and {@link #placementGroup} (inside a bundle of a placement group). Immutable.
 */
public sealed interface SchedulingStrategy {
    /** Ray's default, hybrid policy: the local node, then others, until each is half busy; then the least busy. */
    SchedulingStrategy DEFAULT = new Default();

    /** Spread over every node that fits, the least busy first, taking turns among equals. */
    SchedulingStrategy SPREAD = new Spread();

    /**
     * On node {@code nodeId}. Hard ({@code soft = false}): only there, and a request that node can
     * never satisfy, or a node that is gone, is an error. Soft: there if it fits now, else {@link #DEFAULT}.
     */
    static SchedulingStrategy nodeAffinity(String nodeId, boolean soft) {
        return new NodeAffinity(nodeId, soft);
    }

    /**
     * Inside bundle {@code bundleIndex} of {@code group} (-1: any bundle that fits), drawing on the
     * resources the bundle reserved. The group may have been created on any node of the cluster.
     *
     * @throws IllegalArgumentException if the index is below -1 or not a bundle of the group
     */
    static SchedulingStrategy placementGroup(PlacementGroup group, int bundleIndex) {
        Objects.requireNonNull(group, "placement_group");
        if (bundleIndex < -1 || bundleIndex >= group.bundles().size()) {
            throw new IllegalArgumentException("placement_group_bundle_index must be -1 (any) or 0 to "
                    + (group.bundles().size() - 1) + " for placement group " + group.id() + ", was " + bundleIndex);
        }
        return new InPlacementGroup(group, bundleIndex);
    }

    /** See {@link #placementGroup}. */
    record InPlacementGroup(PlacementGroup group, int bundleIndex) implements SchedulingStrategy {
        public InPlacementGroup {
            Objects.requireNonNull(group, "group");
        }

        public String groupId() {
            return group.id();
        }
    }

    /** See {@link #DEFAULT}. */
    record Default() implements SchedulingStrategy {
    }

    /** See {@link #SPREAD}. */
    record Spread() implements SchedulingStrategy {
    }

    /** See {@link #nodeAffinity}. */
    record NodeAffinity(String nodeId, boolean soft) implements SchedulingStrategy {
        public NodeAffinity {
            Objects.requireNonNull(nodeId, "nodeId");
            if (nodeId.isBlank()) {
                throw new IllegalArgumentException("node affinity needs a node id, was blank");
            }
        }
    }
}
