package dev.trellis.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A placement group (Ray's {@code ray.util.placement_group}): bundles of resources reserved
 * together on the cluster's nodes by a {@link PlacementStrategy}, all or none. Tasks and actors
 * run inside a bundle with {@link SchedulingStrategy#placementGroup}. Made by
 * {@link Trellis#placementGroup}; found by name with {@link Trellis#getPlacementGroup}; freed by
 * {@link Trellis#removePlacementGroup}.
 *
 * <p>A handle may be passed to a task or actor call as a top-level argument (not nested in
 * another object): the node that receives it can use the group as the creating node does. Two
 * handles of the same group are equal.
 */
public interface PlacementGroup {
    /** The group's id, unique in the cluster. */
    String id();

    /** The node that created the group and places its bundles (its owner). */
    String creatorNode();

    /** The bundles, in order: a task's {@code bundleIndex} counts from 0 here. */
    List<Resources> bundles();

    PlacementStrategy strategy();

    Optional<String> name();

    /**
     * A ref that becomes {@code true} once every bundle is reserved (Ray's {@code pg.ready()}),
     * usable with {@code get}, {@link Trellis#get}, {@link Trellis#wait} and as a
     * {@link java.util.concurrent.CompletionStage}. It fails with {@link UnschedulableException}
     * if the cluster can never hold the group, or the group was removed (before it was placed, or
     * before this call).
     */
    ObjectRef<Boolean> ready();

    /**
     * Waits up to {@code timeout} for the group to be reserved (Ray's {@code pg.wait}).
     *
     * @return true if it is ready, false if it is still pending
     * @throws UnschedulableException if it can never be placed or was removed
     */
    boolean await(Duration timeout);
}
