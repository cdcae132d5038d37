package dev.trellis.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.testing.ChildJvm;
import dev.trellis.core.testing.ChildLogsOnFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset 8 times the JVM's heap streams from Parquet through {@code mapBatches} to Parquet:
 * the JVM (a child with a 64 MiB heap) does not run out of memory, writes every row, and its
 * object store stays near its budget (the rest spills or was never read yet).
 */
@Timeout(600)
@ExtendWith(ChildLogsOnFailure.class)
class BoundedMemoryStreamingTest {
    @Test
    void aDatasetEightTimesTheHeapStreamsThroughInBoundedMemory(@TempDir Path dir) {
        try (ChildJvm jvm = ChildJvm.start("streaming", "64m", StreamingCheck.class.getName(), dir.toString(), "8")) {
            Matcher input = jvm.awaitLine("input: (\\d+) rows \\((\\d+) MiB in batches\\), heap (\\d+) MiB",
                    Duration.ofSeconds(120));
            Matcher done = jvm.awaitLine("written: (\\d+) rows, check ([-0-9.]+), in ([0-9.]+) s; peak heap (\\d+) MiB of"
                    + " (\\d+) MiB; peak object store in memory (\\d+) MiB \\(budget (\\d+) MiB\\)", Duration.ofSeconds(480));
            long rows = Long.parseLong(input.group(1));
            assertThat(Long.parseLong(input.group(2))).isGreaterThanOrEqualTo(8 * Long.parseLong(input.group(3)) - 1);
            assertThat(Long.parseLong(done.group(1))).isEqualTo(rows);
            assertThat(Double.parseDouble(done.group(2))).isZero();
            long budget = Long.parseLong(done.group(7));
            // Objects that cannot spill yet (pinned by a running task) may exceed the budget briefly.
            assertThat(Long.parseLong(done.group(6))).isLessThanOrEqualTo(budget + 64);
            System.out.println(done.group());
        }
    }
}
