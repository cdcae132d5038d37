package dev.trellis.http.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.core.NodeInfo;
import dev.trellis.core.Resources;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.http.AdminServer;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/serve/prometheus-targets}: the target groups built from the nodes' reports, and
 * the route on one JVM over loopback, with and without a Trellis Core node.
 */
class PrometheusTargetsTest {
    private static NodeInfo node(String id, String role, Map<String, String> endpoints) {
        return new NodeInfo(id, "127.0.0.1:6380", role, Resources.of(1, 0), Resources.of(1, 0), 0, List.of(), 0, 0, 0,
                List.of(), Map.of(), endpoints);
    }

    @Test
    void oneGroupPerMetricsEndpointOfEachNodeWithItsPathAndScheme() throws Exception {
        var head = node("n2", "head", Map.of("metrics", "http://127.0.0.1:9101/metrics",
                "serve-metrics", "http://127.0.0.1:8265/metrics", "serve-proxy", "http://127.0.0.1:8000"));
        var worker = node("n1", "worker", Map.of("metrics", "https://10.0.0.7/node/metrics"));
        var quiet = node("n3", "worker", Map.of("serve-proxy", "http://127.0.0.1:8001"));

        assertThat(AdminApiClient.JSON.readTree(PrometheusTargets.of(List.of(head, worker, quiet)).toString()))
                .isEqualTo(AdminApiClient.JSON.readTree("""
                        [{"targets": ["10.0.0.7:443"], "labels": {"endpoint": "metrics", "node_id": "n1", "role": "worker",
                          "__metrics_path__": "/node/metrics", "__scheme__": "https"}},
                         {"targets": ["127.0.0.1:9101"], "labels": {"endpoint": "metrics", "node_id": "n2", "role": "head",
                          "__metrics_path__": "/metrics"}},
                         {"targets": ["127.0.0.1:8265"], "labels": {"endpoint": "serve-metrics", "node_id": "n2",
                          "role": "head", "__metrics_path__": "/metrics"}}]
                        """));
    }

    @Test
    void onACoreNodeTheRouteListsTheAdminApisMetricsAndTheNodeAdvertisesServesUrls() {
        Trellis.init(TrellisOptions.builder().numCpus(1).build());
        HttpOptions http = HttpOptions.builder().port(0).build();
        AdminServer admin = null;
        try {
            Serve.start(ServeOptions.builder().http(http).build());
            admin = AdminServer.builder().port(0).proxyOptions(http).start();
            String proxy = "http://127.0.0.1:" + Serve.httpAddress().orElseThrow().getPort();
            assertThat(Trellis.nodes().getFirst().endpoints()).containsExactly(
                    Map.entry("serve-admin", admin.url()), Map.entry("serve-metrics", admin.url() + "/metrics"),
                    Map.entry("serve-proxy", proxy));

            try (var api = new AdminApiClient(admin.url(), null)) {
                var response = api.get("/api/serve/prometheus-targets");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/json"));
                JsonNode group = AdminApiClient.json(response).get(0);
                assertThat(AdminApiClient.json(response)).hasSize(1);
                assertThat(group.get("targets").get(0).asText()).isEqualTo("127.0.0.1:" + admin.address().getPort());
                assertThat(group.get("labels").get("node_id").asText()).isEqualTo(Trellis.nodeId());
                assertThat(group.get("labels").get("role").asText()).isEqualTo(Trellis.nodes().getFirst().role());
                assertThat(group.get("labels").get("endpoint").asText()).isEqualTo("serve-metrics");
                // The target is what Prometheus would scrape: this JVM's metrics, the node's among them.
                var scrape = api.get(group.get("labels").get("__metrics_path__").asText());
                assertThat(scrape.statusCode()).isEqualTo(200);
                assertThat(scrape.body()).contains("trellis_core_tasks_submitted_total{node_id=\"" + Trellis.nodeId());
            }

            admin.close();
            admin = null;
            Serve.shutdown();
            assertThat(Trellis.nodes().getFirst().endpoints()).isEmpty();
        } finally {
            if (admin != null) {
                admin.close();
            }
            Serve.shutdown();
            Trellis.shutdown();
        }
    }

    @Test
    void withoutACoreNodeTheRouteListsThisApisOwnMetrics() throws Exception {
        HttpOptions http = HttpOptions.builder().port(0).build();
        Serve.start(ServeOptions.builder().nodeResources(Resources.of(1, 0)).http(http).build());
        try (var admin = AdminServer.builder().port(0).proxyOptions(http).start();
             var api = new AdminApiClient(admin.url(), null)) {
            assertThat(AdminApiClient.json(api.get("/api/serve/prometheus-targets"))).isEqualTo(AdminApiClient.JSON
                    .readTree("""
                            [{"targets": ["127.0.0.1:%d"],
                              "labels": {"endpoint": "serve-metrics", "__metrics_path__": "/metrics"}}]
                            """.formatted(admin.address().getPort())));
        } finally {
            Serve.shutdown();
        }
    }
}
