package dev.trellis.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A placement group (Ray's {@code ray.util.placement_group}): bundles of resources reserved
 * together on the cluster's nodes by a {@link PlacementStrategy}, all or none. Tasks and actors
 * run inside a bundle with {@link SchedulingStrategy#placementGroup}. Made by
 * {@link Trellis#placementGroup}; freed by {@link Trellis#removePlacementGroup}.
 */
public final class PlacementGroup {
    private final String id;
    private final List<Resources> bundles;
    private final PlacementStrategy strategy;
    private final String name;
    private final CompletableFuture<PlacementGroup> ready;

    /** For the runtime only: {@code ready} completes once every bundle is reserved (or with why it cannot be). */
    public PlacementGroup(String id, List<Resources> bundles, PlacementStrategy strategy, String name,
                          CompletableFuture<PlacementGroup> ready) {
        this.id = Objects.requireNonNull(id, "id");
        this.bundles = List.copyOf(bundles);
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.name = name;
        this.ready = Objects.requireNonNull(ready, "ready");
    }

    public String id() {
        return id;
    }

    /** The bundles, in order: a task's {@code bundleIndex} counts from 0 here. */
    public List<Resources> bundles() {
        return bundles;
    }

    public PlacementStrategy strategy() {
        return strategy;
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Completes once every bundle is reserved; fails with {@link UnschedulableException} if the
     * cluster can never hold the group, or it was removed first.
     */
    public CompletionStage<PlacementGroup> ready() {
        return ready.copy();
    }

    /**
     * Waits up to {@code timeout} for the group to be reserved (Ray's {@code pg.wait}).
     *
     * @return true if it is ready, false if it is still pending
     * @throws UnschedulableException if it can never be placed or was removed
     */
    public boolean await(Duration timeout) {
        try {
            ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrellisException("interrupted while waiting for placement group " + id, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TrellisException t) {
                throw t;
            }
            throw new TrellisException("placement group " + id + " failed", e.getCause());
        }
    }

    @Override
    public String toString() {
        return "PlacementGroup(" + id + (name == null ? "" : " '" + name + "'") + ", " + strategy + ", " + bundles + ")";
    }
}
