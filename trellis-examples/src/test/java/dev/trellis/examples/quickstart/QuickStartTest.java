package dev.trellis.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keeps the README's quick start true. */
class QuickStartTest {
    @AfterEach
    void stop() {
        Serve.shutdown();
    }

    @Test
    void theQuickStartPrintsWhatTheReadmeSays() {
        var calc = Serve.run(QuickStart.app, "calc", "/calc");
        assertThat(calc.remote(Combiner::run, 1, 2.0, "sum").result()).isEqualTo("sum((1 * (1 + 2.0)))");
        var deployments = Serve.status().application("calc").deployments();
        assertThat(deployments.get("Combiner").count(ReplicaState.RUNNING)).isEqualTo(2);
        assertThat(deployments.get("Model").count(ReplicaState.RUNNING)).isEqualTo(3);
    }
}
