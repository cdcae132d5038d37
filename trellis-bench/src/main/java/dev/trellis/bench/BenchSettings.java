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
}
