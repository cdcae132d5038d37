package dev.trellis.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureDetectorOptionsTest {
    @Test
    void unsetOptionsKeepTheClusterDefaults() {
        var options = FailureDetectorOptions.of(Map.of("num-cpus", "1"));

        assertThat(options).isEqualTo(FailureDetectorOptions.DEFAULTS);
        var cluster = options.applyTo(ClusterOptions.builder()).build();
        assertThat(cluster.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(cluster.acceptableHeartbeatPause()).isEqualTo(Duration.ofSeconds(3));
        assertThat(cluster.stableAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void givenOptionsReachTheClusterOptions() {
        var options = FailureDetectorOptions.of(Map.of("heartbeat-interval", "200ms", "heartbeat-pause", "1s",
                "stable-after", "1.5s"));

        var cluster = options.applyTo(ClusterOptions.builder()).build();
        assertThat(cluster.heartbeatInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(cluster.acceptableHeartbeatPause()).isEqualTo(Duration.ofSeconds(1));
        assertThat(cluster.stableAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(options).hasToString("--heartbeat-interval 200ms --heartbeat-pause 1s --stable-after 1.5s");
    }

    @Test
    void aValueThatIsNotAPositiveWholeMillisecondDurationIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> FailureDetectorOptions.parse("heartbeat-pause", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--heartbeat-pause must be a duration such as 200ms, 1s or 1.5s, was '1'");
        assertThatThrownBy(() -> FailureDetectorOptions.parse("stable-after", "-2s"))
                .hasMessageContaining("--stable-after").hasMessageContaining("'-2s'");
        assertThatThrownBy(() -> FailureDetectorOptions.parse("stable-after", "0ms"))
                .hasMessage("--stable-after must be a positive duration, was 0s");
        assertThatThrownBy(() -> FailureDetectorOptions.parse("heartbeat-interval", "0.0001s"))
                .hasMessage("--heartbeat-interval must be whole milliseconds, was '0.0001s'");
    }

    @Test
    void aPauseNoLongerThanTheIntervalConflicts() {
        assertThatThrownBy(() -> FailureDetectorOptions.of(Map.of("heartbeat-interval", "5s")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("--heartbeat-pause (3s) must be longer than --heartbeat-interval (5s)");
    }
}
