package dev.trellis.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The one place Trellis makes virtual threads. User code (constructors, handle calls,
 * health checks, reconfigure) always runs on threads from here, never on Pekko dispatcher
 * threads, so a blocking user call cannot stall the actor system.
 */
public final class VirtualThreads {
    private VirtualThreads() {
    }

    /** A factory naming threads {@code prefix-N}. */
    public static ThreadFactory factory(String prefix) {
        return Thread.ofVirtual().name(prefix + "-", 0).factory();
    }

    /** An executor starting one virtual thread per task. */
    public static ExecutorService perTaskExecutor(String prefix) {
        return Executors.newThreadPerTaskExecutor(factory(prefix));
    }

    /** A virtual thread named {@code name} that will run {@code task} once started. */
    public static Thread unstarted(String name, Runnable task) {
        return Thread.ofVirtual().name(name).unstarted(task);
    }

    /** Starts {@code task} on a new virtual thread named {@code name}. */
    public static Thread start(String name, Runnable task) {
        return Thread.ofVirtual().name(name).start(task);
    }
}
