package dev.trellis.data.internal.exec;

import java.util.List;

/**
 * What a Data task returns: the blocks it made, and the wall and CPU time it took. A record rather
 * than a bare list, so that its elements decode as {@link BlockRef}s on another node (a bare
 * list's elements would be untyped).
 */
public record Blocks(List<BlockRef> list, long wallNanos, long cpuNanos) {
    public Blocks {
        list = List.copyOf(list);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Runs {@code body} (a task's work), timing its wall and CPU time on this thread. */
    public static Blocks timed(java.util.function.Supplier<List<BlockRef>> body) {
        long wall = System.nanoTime();
        long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
        List<BlockRef> out = body.get();
        long cpuEnd = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
        return new Blocks(out, System.nanoTime() - wall, Math.max(0, cpuEnd - cpu));
    }
}
