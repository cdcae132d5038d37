package dev.trellis.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Resources;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.serve.internal.metrics.PrometheusSamples;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Serve's metrics (what its {@code /metrics} serves) include the Trellis Core node's while one runs in the JVM. */
class CoreMetricsInServeTest {
    static int square(int x) {
        return x * x;
    }

    @AfterEach
    void stop() {
        Serve.shutdown();
        Trellis.shutdown();
    }

    private static void startServe() {
        Serve.start(ServeOptions.builder().nodeResources(Resources.of(2, 0)).build());
    }

    private static double submitted(String nodeId) {
        return PrometheusSamples.parse(Serve.prometheusMetrics())
                .sum("trellis_core_tasks_submitted_total", Map.of("node_id", nodeId))
                .orElseThrow(() -> new AssertionError("no trellis_core_tasks_submitted_total for node " + nodeId
                        + " in:\n" + Serve.prometheusMetrics()));
    }

    @Test
    void aNodeStartedBeforeServeIsScrapedWithServesMetrics() {
        Trellis.init(TrellisOptions.builder().numCpus(1).build());
        startServe();
        assertThat(Trellis.task(CoreMetricsInServeTest::square, 4).remote().get()).isEqualTo(16);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(submitted(Trellis.nodeId())).isEqualTo(1));
        assertThat(Serve.prometheusMetrics()).contains("trellis_serve_num_applications");
    }

    @Test
    void aNodeStartedAfterServeIsScrapedUntilItShutsDown() {
        startServe();
        assertThat(Serve.prometheusMetrics()).doesNotContain("trellis_core_");

        Trellis.init(TrellisOptions.builder().numCpus(1).build());
        Trellis.task(CoreMetricsInServeTest::square, 2).remote().get();
        String node = Trellis.nodeId();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(submitted(node)).isEqualTo(1));

        Trellis.shutdown();
        assertThat(Serve.prometheusMetrics()).doesNotContain("trellis_core_");
    }
}
