package dev.trellis.core;

import java.util.Objects;

/**
 * Where a task or actor may run, with Ray's strategies: {@link #DEFAULT} (pack onto the nodes
 * in use until they are busy, then spread), {@link #SPREAD} (spread over the nodes that fit) and
 * {@link #nodeAffinity} (one named node; soft affinity falls back to the default when that node
 * cannot take it). Immutable.
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
