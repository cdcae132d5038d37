package dev.trellis.core.internal.runtime;

import dev.trellis.core.TrellisOptions;

/** Holds this JVM's one node runtime between {@code Trellis.init} and {@code Trellis.shutdown}. */
public final class CoreRuntimes {
    private static volatile CoreRuntime current;

    private CoreRuntimes() {
    }

    /** Starts this JVM's node. */
    public static synchronized CoreRuntime start(TrellisOptions options) {
        if (current != null) {
            throw new IllegalStateException("Trellis is already initialized in this JVM (node " + current.nodeId()
                    + "); call Trellis.shutdown() first");
        }
        current = NodeRuntime.start(options);
        return current;
    }

    /** Installs an already started runtime (the CLI's node process). */
    public static synchronized void install(CoreRuntime runtime) {
        if (current != null) {
            throw new IllegalStateException("Trellis is already initialized in this JVM (node " + current.nodeId() + ")");
        }
        current = runtime;
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
