package dev.trellis.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How long each phase of a run lasts, and where server logs go.
 *
 * @param warmUp     load sent to each server before it is measured (JIT, pools, connections)
 * @param measurement one measured load run (one wrk run, or one phase of the handle benchmark)
 */
record BenchSettings(boolean quick, Duration warmUp, Duration measurement, Path logDir) {
    static BenchSettings of(boolean quick, Path logDir) {
        return quick
                ? new BenchSettings(true, Duration.ofSeconds(3), Duration.ofSeconds(3), logDir)
                : new BenchSettings(false, Duration.ofSeconds(10), Duration.ofSeconds(15), logDir);
    }

    /**
     * The log folder a child-JVM benchmark's {@code main} was given with {@code --logs DIR}
     * (default {@code trellis-bench/target/bench-logs}).
     */
    static Path logDirOf(String[] args) {
        Path logs = Path.of("trellis-bench", "target", "bench-logs");
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--logs")) {
                logs = Path.of(args[i + 1]);
            }
        }
        return logs;
    }
}
