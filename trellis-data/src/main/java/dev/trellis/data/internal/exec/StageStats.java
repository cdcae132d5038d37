package dev.trellis.data.internal.exec;

import dev.trellis.data.OperatorStats;
import java.time.Duration;

/** One stage's counts during an execution (driver side; stages run on the consuming thread). */
public final class StageStats {
    private final String name;
    private long tasks;
    private long blocks;
    private long rows;
    private long bytes;
    private long taskWall;
    private long taskCpu;
    private long firstNanos = -1;
    private long lastNanos;

    StageStats(String name) {
        this.name = name;
    }

    synchronized void started() {
        tasks++;
        if (firstNanos < 0) {
            firstNanos = System.nanoTime();
        }
    }

    /** A task (or call) ended with {@code result}. */
    synchronized void finished(Blocks result) {
        taskWall += result.wallNanos();
        taskCpu += result.cpuNanos();
        for (BlockRef b : result.list()) {
            blocks++;
            rows += b.rows();
            bytes += b.bytes();
        }
        lastNanos = System.nanoTime();
    }

    synchronized OperatorStats snapshot() {
        long wall = firstNanos < 0 ? 0 : Math.max(0, lastNanos - firstNanos);
        return new OperatorStats(name, tasks, blocks, rows, bytes, Duration.ofNanos(wall), Duration.ofNanos(taskWall),
                Duration.ofNanos(taskCpu));
    }
}
