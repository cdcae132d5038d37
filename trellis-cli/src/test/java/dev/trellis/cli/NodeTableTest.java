package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.NodeInfo;
import dev.trellis.core.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTableTest {
    private static NodeInfo node(String id, String role, Map<String, NodeInfo.Holding> holdings,
                                 Map<String, String> endpoints) {
        return new NodeInfo(id, "127.0.0.1:6380", role, Resources.of(4, 0), Resources.of(2, 0), 1,
                List.of("task f needs {CPU: 8, GPU: 0}"), 0, 0, 0, List.of(), holdings, endpoints);
    }

    @Test
    void underEachNodeWhatWaitsWhatEachLibraryHoldsAndItsUrls() {
        var head = node("n1", "head", Map.of("serve", new NodeInfo.Holding(2, Resources.of(2, 0))),
                Map.of("serve-proxy", "http://127.0.0.1:8000", "metrics", "http://127.0.0.1:9101/metrics"));

        assertThat(NodeTable.render(List.of(head), Map.of("n1", "http://127.0.0.1:9999/metrics"))).isEqualTo("""
                NODE       ROLE    ADDRESS          TOTAL                      AVAILABLE                  RUNNING ACTORS  STORE_BYTES
                n1         head    127.0.0.1:6380   {CPU: 4, GPU: 0}           {CPU: 2, GPU: 0}                 1      0            0
                    pending: task f needs {CPU: 8, GPU: 0}
                    held by serve: 2 reservation(s), {CPU: 2, GPU: 0}
                    metrics: http://127.0.0.1:9101/metrics
                    serve-proxy: http://127.0.0.1:8000
                """);
    }

    @Test
    void aNodeThatAdvertisesNoMetricsShowsTheUrlRecordedWhenItWasStartedHere() {
        var old = node("n2", "worker", Map.of(), Map.of());

        assertThat(NodeTable.render(List.of(old), Map.of("n2", "http://127.0.0.1:9102/metrics")))
                .endsWith("    pending: task f needs {CPU: 8, GPU: 0}\n    metrics: http://127.0.0.1:9102/metrics\n")
                .doesNotContain("held by");
        assertThat(NodeTable.render(List.of(old), Map.of())).doesNotContain("metrics:");
    }
}
