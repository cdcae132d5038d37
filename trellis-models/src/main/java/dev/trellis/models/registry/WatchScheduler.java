package dev.trellis.models.registry;

import dev.trellis.models.internal.registry.WatchTimer;
import java.time.Duration;

/**
 * Wakes a {@link ReloadableModel}'s alias watcher every interval. {@link #shared()} is one daemon
 * timer thread for the JVM that runs each check on a virtual thread; tests pass a scheduler they
 * tick by hand instead of waiting for time to pass.
 */
@FunctionalInterface
public interface WatchScheduler {

    /**
     * Runs {@code task} every {@code interval}, the first time one interval from now, until the
     * returned handle is cancelled. The task may run on any thread.
     */
    Cancellable every(Duration interval, Runnable task);

    /** The JVM's shared watch timer. */
    static WatchScheduler shared() {
        return WatchTimer.shared();
    }

    /** A scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Stops further runs; a run already started finishes. Idempotent. */
        void cancel();
    }
}
