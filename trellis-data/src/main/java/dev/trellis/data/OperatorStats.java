package dev.trellis.data;

import java.time.Duration;

/**
 * What one stage of an execution did (Ray's per-operator stats): its operators, the tasks (or
 * actor calls) it ran, the blocks, rows and bytes it produced, the time from its first task to
 * its last block, and its tasks' summed wall and CPU time (measured inside the tasks, on
 * whichever node ran them).
 */
public record OperatorStats(String name, long tasks, long blocks, long rows, long bytes, Duration wallTime,
                            Duration taskWallTime, Duration taskCpuTime) {
    @Override
    public String toString() {
        return String.format("%s: %d task(s), %d block(s), %d row(s), %.1f MiB in %.3f s (tasks: %.3f s wall, %.3f s CPU)",
                name, tasks, blocks, rows, bytes / 1048576.0, wallTime.toNanos() / 1e9, taskWallTime.toNanos() / 1e9,
                taskCpuTime.toNanos() / 1e9);
    }
}
