package dev.trellis.core;

/**
 * How the bundles of a placement group are placed on nodes, with Ray's names. A group is placed
 * all at once or not at all.
 */
public enum PlacementStrategy {
    /** As few nodes as possible, more when one node cannot hold every bundle. */
    PACK,
    /** Each bundle on a different node where possible, sharing nodes when there are too few. */
    SPREAD,
    /** Every bundle on one node, or the group waits. */
    STRICT_PACK,
    /** Every bundle on a different node, or the group waits. */
    STRICT_SPREAD
}
