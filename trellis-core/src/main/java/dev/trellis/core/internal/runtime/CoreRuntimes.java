package dev.trellis.core.internal.runtime;

import dev.trellis.core.TrellisOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Holds this JVM's one node runtime between {@code Trellis.init} and {@code Trellis.shutdown},
 * and the registries that follow its metrics ({@link #bindMetrics}): each gets the meters of
 * the node running now and of every node started later, until its binding is closed.
 */
public final class CoreRuntimes {
    private static volatile CoreRuntime current;
    /** Registries following this JVM's node metrics; guarded by the class lock. */
    private static final List<MeterRegistry> FOLLOWERS = new ArrayList<>();

    private CoreRuntimes() {
    }

    /** Starts this JVM's node. */
    public static synchronized CoreRuntime start(TrellisOptions options) {
        if (current != null) {
            throw new IllegalStateException("Trellis is already initialized in this JVM (node " + current.nodeId()
                    + "); call Trellis.shutdown() first");
        }
        current = NodeRuntime.start(options);
        FOLLOWERS.forEach(current.metrics()::bindTo);
        return current;
    }

    /** Installs an already started runtime (the CLI's node process). */
    public static synchronized void install(CoreRuntime runtime) {
        if (current != null) {
            throw new IllegalStateException("Trellis is already initialized in this JVM (node " + current.nodeId() + ")");
        }
        current = runtime;
        FOLLOWERS.forEach(runtime.metrics()::bindTo);
    }

    /**
     * Records the metrics of this JVM's node in {@code registry}: those of the node running now,
     * if any, and of every node started later (a stopped node's meters leave the registry with it),
     * until the returned binding is closed.
     */
    public static synchronized dev.trellis.core.MetricsBinding bindMetrics(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (FOLLOWERS.stream().noneMatch(r -> r == registry)) {
            FOLLOWERS.add(registry);
        }
        if (current != null) {
            current.metrics().bindTo(registry);
        }
        return () -> unbindMetrics(registry);
    }

    private static synchronized void unbindMetrics(MeterRegistry registry) {
        FOLLOWERS.removeIf(r -> r == registry);
        if (current != null) {
            current.metrics().unbind(registry);
        }
    }

    /** The running node as a {@link dev.trellis.core.internal.NodeAgent}, if one is running. */
    public static java.util.Optional<dev.trellis.core.internal.NodeAgent> agent() {
        return current instanceof dev.trellis.core.internal.NodeAgent a ? java.util.Optional.of(a)
                : java.util.Optional.empty();
    }

    public static boolean isStarted() {
        return current != null;
    }

    /** The running node. */
    public static CoreRuntime current() {
        CoreRuntime r = current;
        if (r == null) {
            throw new IllegalStateException("Trellis is not initialized in this JVM: call Trellis.init() first");
        }
        return r;
    }

    public static void stop() {
        CoreRuntime r;
        synchronized (CoreRuntimes.class) {
            r = current;
            current = null;
        }
        if (r != null) {
            r.shutdown();
        }
    }
}
