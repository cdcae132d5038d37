package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.testing.ChildJvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A node process refuses an option that neither it nor any of its services reads, before it joins anything. */
class NodeMainOptionsTest {
    @Test
    void anUnknownOptionIsRefusedNamingItAndTheKnownOnes() {
        try (ChildJvm node = ChildJvm.start("node-bad-option", "128m", NodeMain.class.getName(), "--head",
                "--cluster-port", String.valueOf(ChildJvm.freePort()), "--num-cpu", "1")) {
            var line = node.awaitLine("unknown option '--num-cpu'; options: \\[.*num-cpus.*\\]", Duration.ofSeconds(60));
            assertThat(line.group()).contains("metrics-port", "data-port", "heartbeat-pause", "stable-after");
        }
    }

    @Test
    void aFailureDetectorOptionThatIsNoDurationIsRefusedNamingIt() {
        try (ChildJvm node = ChildJvm.start("node-bad-duration", "128m", NodeMain.class.getName(), "--head",
                "--cluster-port", String.valueOf(ChildJvm.freePort()), "--heartbeat-pause", "1")) {
            node.awaitLine("--heartbeat-pause must be a duration such as 200ms, 1s or 1.5s, was '1'",
                    Duration.ofSeconds(60));
        }
    }
}
