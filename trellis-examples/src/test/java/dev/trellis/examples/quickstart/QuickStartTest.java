package dev.trellis.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.ServeOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keeps the README's quick start true. */
class QuickStartTest {
    /** The HTTP proxy on a free port, so tests never collide with a server on 8000. */
    @BeforeEach
    void start() {
        Serve.start(ServeOptions.builder().http(HttpOptions.builder().port(0).build()).build());
    }

    @AfterEach
    void stop() {
        Serve.shutdown();
    }

    @Test
    void theQuickStartPrintsWhatTheReadmeSays() {
        var calc = Serve.run(QuickStart.app, "calc", null);
        assertThat(calc.remote(Combiner::run, 1, 2.0, "sum").result()).isEqualTo("sum((1 * (1 + 2.0)))");
        var deployments = Serve.status().application("calc").deployments();
        assertThat(deployments.get("Combiner").count(ReplicaState.RUNNING)).isEqualTo(2);
        assertThat(deployments.get("Model").count(ReplicaState.RUNNING)).isEqualTo(3);
    }
}
