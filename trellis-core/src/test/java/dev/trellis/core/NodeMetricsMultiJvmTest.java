package dev.trellis.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.testing.ChildJvm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import dev.trellis.core.testing.ChildLogsOnFailure;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node process started as {@code ./trellis start --head} starts it ({@code NodeMain
 * --metrics-port 0}) serves its metrics on 127.0.0.1, and a driver's own metrics count the
 * tasks it owns: the head runs them and sends their results, the driver receives the bytes.
 */
@Timeout(120)
@ExtendWith(ChildLogsOnFailure.class)
class NodeMetricsMultiJvmTest {
    private static final String NODE_MAIN = "dev.trellis.core.internal.runtime.NodeMain";
    private static final int MB = 1 << 20;

    static byte[] megabyte(int fill) {
        byte[] out = new byte[MB];
        java.util.Arrays.fill(out, (byte) fill);
        return out;
    }

    private static double sample(String body, String line) {
        Matcher m = Pattern.compile("^" + Pattern.quote(line) + " (\\S+)$", Pattern.MULTILINE).matcher(body);
        assertThat(m.find()).as("a sample line %s in%n%s", line, body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theHeadServesItsMetricsAndTheDriverCountsTheTasksItOwns() throws Exception {
        int port = ChildJvm.freePort();
        var driverMetrics = new SimpleMeterRegistry();
        try (ChildJvm head = ChildJvm.start("metrics-head", "512m", NODE_MAIN, "--head", "--cluster-port",
                String.valueOf(port), "--num-cpus", "1", "--metrics-port", "0");
             var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             MetricsBinding binding = Trellis.bindMetrics(driverMetrics)) {
            String url = head.awaitLine("trellis node \\S+ metrics at (http://127\\.0\\.0\\.1:\\d+/metrics)",
                    Duration.ofSeconds(60)).group(1);
            String headId = head.awaitLine("trellis node (\\S+) ready at", Duration.ofSeconds(60)).group(1);
            Trellis.init(TrellisOptions.connect("127.0.0.1:" + port));
            try {
                var refs = new ArrayList<ObjectRef<byte[]>>();
                for (int i = 0; i < 3; i++) {
                    refs.add(Trellis.task(NodeMetricsMultiJvmTest::megabyte, i).remote());
                }
                for (int i = 0; i < 3; i++) {
                    assertThat(refs.get(i).get()[MB - 1]).isEqualTo((byte) i);
                }
                String driver = Trellis.nodeId();
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(driverMetrics.get("trellis.core.tasks.submitted").tag("node_id", driver)
                            .functionCounter().count()).isEqualTo(3);
                    assertThat(driverMetrics.get("trellis.core.tasks.finished").tag("node_id", driver)
                            .functionCounter().count()).isEqualTo(3);
                    assertThat(driverMetrics.get("trellis.core.object.transfer.bytes").tag("node_id", driver)
                            .tag("direction", "received").functionCounter().count()).isGreaterThanOrEqualTo(3 * MB);
                });

                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                String body = response.body();
                String node = "node_id=\"" + headId + "\"";
                assertThat(sample(body, "trellis_core_object_transfer_bytes_total{direction=\"sent\"," + node + "}"))
                        .isGreaterThanOrEqualTo(3 * MB);
                assertThat(sample(body, "trellis_core_tasks_submitted_total{" + node + "}"))
                        .as("the head owns none of the driver's tasks").isZero();
                assertThat(sample(body, "trellis_core_tasks{" + node + ",state=\"RUNNING\"}")).isZero();
                assertThat(sample(body, "trellis_core_task_runs_total{" + node + ",outcome=\"returned\"}"))
                        .as("the head ran the driver's tasks").isEqualTo(3);
                assertThat(body).contains("jvm_memory_used_bytes{");
            } finally {
                Trellis.shutdown();
            }
        }
    }
}
