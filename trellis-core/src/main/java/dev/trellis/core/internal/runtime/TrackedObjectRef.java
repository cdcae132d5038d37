package dev.trellis.core.internal.runtime;

import dev.trellis.core.ObjectRef;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The object ref handed to user code. Each instance counts as one holder of its object (see
 * {@link RefTracker}); it keeps its owner's entry so readiness needs no lookup.
 */
final class TrackedObjectRef<T> extends DelegatingStage<T> implements ObjectRef<T> {
    private final String id;
    final OwnedObjects.Owned owned;
    private final NodeRuntime runtime;

    TrackedObjectRef(String id, OwnedObjects.Owned owned, NodeRuntime runtime) {
        this.id = id;
        this.owned = owned;
        this.runtime = runtime;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public T get() {
        try {
            return runtime.value(this, null);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public T get(Duration timeout) {
        try {
            return runtime.value(this, java.util.Objects.requireNonNull(timeout, "timeout"));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public boolean isReady() {
        return owned.ready.isDone();
    }

    @Override
    protected CompletableFuture<T> stage() {
        return owned.ready.thenApply(ignored -> runtime.value(this, Duration.ZERO));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectRef<?> other && other.id().equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ObjectRef(" + id + ")";
    }
}
