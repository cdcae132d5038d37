package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.MetricsBinding;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's {@code /metrics} over real HTTP on 127.0.0.1: the Prometheus text of the core metrics. */
class MetricsServerTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MetricsBinding binding;
    private MetricsServer server;

    static int square(int x) {
        return x * x;
    }

    @BeforeEach
    void start() throws IOException {
        Trellis.init(TrellisOptions.builder().numCpus(1).build());
        binding = Trellis.bindMetrics(registry);
        server = MetricsServer.start(0, registry);
    }

    @AfterEach
    void stop() {
        server.close();
        binding.close();
        Trellis.shutdown();
        registry.close();
        http.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getMetricsAnswersThePrometheusTextOfTheNodeMetrics() throws Exception {
        assertThat(Trellis.task(MetricsServerTest::square, 3).remote().get()).isEqualTo(9);
        Trellis.put(new byte[1024]).get();
        String node = "node_id=\"" + Trellis.nodeId() + "\"";
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> response = send("GET", "/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(response.body()).contains(
                    "trellis_core_tasks_submitted_total{" + node + "} 1.0",
                    "trellis_core_tasks_finished_total{" + node + "} 1.0",
                    "trellis_core_tasks_failed_total{" + node + "} 0.0",
                    "trellis_core_tasks{" + node + ",state=\"RUNNING\"} 0.0",
                    "trellis_core_actors{" + node + ",state=\"ALIVE\"} 0.0",
                    "trellis_core_actor_restarts_total{" + node + "} 0.0",
                    "trellis_core_object_store_memory_bytes{location=\"SPILLED\"," + node + "} 0.0",
                    "trellis_core_object_store_num_local_objects{" + node + "}",
                    "trellis_core_spill_manager_request_total{" + node + ",type=\"Spilled\"} 0.0",
                    "trellis_core_spill_manager_bytes_total{" + node + ",type=\"Restored\"} 0.0",
                    "trellis_core_object_transfer_bytes_total{direction=\"received\"," + node + "} 0.0",
                    "# TYPE trellis_core_tasks_submitted_total counter",
                    "# TYPE trellis_core_tasks gauge");
            assertThat(response.body()).containsPattern(
                    "trellis_core_object_store_memory_bytes\\{location=\"IN_MEMORY\"," + node + "} [1-9]");
        });
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        HttpResponse<String> missing = send("GET", "/other");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("/metrics");
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void itListensOnLoopbackOnly() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.address().getPort() + "/metrics");
    }

    @Test
    void aTakenPortIsAnErrorNamingIt() throws Exception {
        try (var taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> MetricsServer.start(taken.getLocalPort(), registry))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort());
        }
        assertThatThrownBy(() -> MetricsServer.start(70000, registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metrics port must be between 0 and 65535, was 70000");
    }
}
