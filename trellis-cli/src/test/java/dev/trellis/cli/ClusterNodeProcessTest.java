package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import dev.trellis.core.testing.FreePorts;

/**
 * {@code trellis start --head}, {@code status} and {@code stop} as a user runs them: each a JVM
 * of its own in one working directory, with the distribution's logging. The head serves its
 * metrics on 127.0.0.1, status shows where (and what Serve's replicas hold of the node), the
 * admin API lists the node's scrape targets, and the terminal shows Trellis's lines, not Pekko's.
 */
@Timeout(180)
class ClusterNodeProcessTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run trellis(String... args) throws Exception {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        Process p = new ProcessBuilder(BackgroundLauncher.javaCommand(List.of(args))).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("trellis " + String.join(" ", args) + " did not end within 90 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void assertNoPekkoLines(String output) {
        assertThat(output).doesNotContain(" o.a.p.", "org.apache.pekko").doesNotContain("sees node");
    }

    @Test
    void aHeadServesItsMetricsStatusShowsWhereAndOnlyTrellisLinesReachTheTerminal() throws Exception {
        Path config = Files.writeString(dir.resolve("rule.yaml"), """
                applications:
                  - name: rule
                    route_prefix: /rule
                    import_path: dev.trellis.examples.iris.IrisApp:petalRule
                    deployments:
                      - name: PetalRule
                        num_replicas: 2
                        ray_actor_options:
                          num_cpus: 0.25
                """);
        Run start = trellis("start", "--head", "--cluster-port", String.valueOf(FreePorts.next()), "--num-cpus", "1",
                "--metrics-port", "0", "--port", "0", "--admin-port", "0", "--wait", "60",
                // The failure detector's options pass through to the node, which refuses any it does not know.
                "--heartbeat-interval", "500ms", "--heartbeat-pause", "2s", "--stable-after", "5s", config.toString());
        Matcher pid = Pattern.compile("\\(pid (\\d+),").matcher(start.out());
        try {
            assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
            assertThat(pid.find()).isTrue();
            Matcher started = Pattern.compile("Started Trellis head node (\\S+) at").matcher(start.out());
            assertThat(started.find()).isTrue();
            String nodeId = started.group(1);
            Matcher metrics = Pattern.compile("Metrics: (http://127\\.0\\.0\\.1:\\d+/metrics)").matcher(start.out());
            assertThat(metrics.find()).as(start.out()).isTrue();
            String url = metrics.group(1);
            Matcher proxy = Pattern.compile("HTTP proxy: (http://127\\.0\\.0\\.1:\\d+)").matcher(start.out());
            Matcher admin = Pattern.compile("Admin API: (http://127\\.0\\.0\\.1:\\d+)").matcher(start.out());
            assertThat(proxy.find()).as(start.out()).isTrue();
            assertThat(admin.find()).as(start.out()).isTrue();

            try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(scrape.statusCode()).isEqualTo(200);
                assertThat(scrape.body()).contains("trellis_core_tasks_submitted_total{node_id=\"" + nodeId + "\"} 0.0");
            }

            // The head's two replicas hold a quarter CPU each; the URLs are the ones the node advertises.
            String held = "    held by serve: 2 reservation(s), {CPU: 0.5, GPU: 0}";
            Run status = trellis("status");
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                 status.exitCode() == 0 && !status.out().contains(held) && System.nanoTime() < deadline; ) {
                status = trellis("status");
            }
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).contains(nodeId + "  head", held, "    metrics: " + url,
                    "    serve-proxy: " + proxy.group(1), "    serve-admin: " + admin.group(1),
                    "    serve-metrics: " + admin.group(1) + "/metrics");
            assertNoPekkoLines(status.err());

            try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<String> targets = http.send(HttpRequest.newBuilder(
                                URI.create(admin.group(1) + "/api/serve/prometheus-targets"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(targets.statusCode()).isEqualTo(200);
                var groups = new com.fasterxml.jackson.databind.ObjectMapper().readTree(targets.body());
                assertThat(groups.findValuesAsText("endpoint")).containsExactly("metrics", "serve-metrics");
                assertThat(groups.findValuesAsText("node_id")).containsOnly(nodeId);
                assertThat(groups.get(0).get("targets").get(0).asText()).isEqualTo(URI.create(url).getAuthority());
                assertThat(groups.get(1).get("targets").get(0).asText()).isEqualTo(URI.create(admin.group(1)).getAuthority());
            }

            Run stop = trellis("stop");
            assertThat(stop.exitCode()).as(stop.err()).isZero();
            assertThat(stop.out()).contains("Stopped node (pid " + pid.group(1) + ").");
            assertNoPekkoLines(stop.err());
            String nodeLog = Files.readString(dir.resolve(".trellis/node-" + pid.group(1) + ".log"));
            assertThat(nodeLog).contains("trellis node " + nodeId + " ready at").doesNotContain("Materializer");
        } finally {
            if (pid.hasMatch()) {
                ProcessHandle.of(Long.parseLong(pid.group(1))).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aTakenMetricsPortFailsTheStartNamingThePort() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run start = trellis("start", "--head", "--cluster-port", String.valueOf(FreePorts.next()), "--num-cpus", "1",
                    "--metrics-port", String.valueOf(taken.getLocalPort()), "--port", "0", "--admin-port", "0",
                    "--wait", "60");

            assertThat(start.exitCode()).isEqualTo(StartCommand.EXIT_FAILED);
            assertThat(start.err()).contains("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aMetricsPortOutOfRangeOrWithoutAClusterNodeIsAUsageError() {
        CliRun outOfRange = CliRun.of("start", "--head", "--metrics-port", "70000");
        assertThat(outOfRange.exitCode()).isEqualTo(StartCommand.EXIT_BAD_INPUT);
        assertThat(outOfRange.err()).contains("--metrics-port must be between 0 and 65535 (0: a free one), was 70000");

        CliRun serveInstance = CliRun.of("start", "--metrics-port", "9100");
        assertThat(serveInstance.exitCode()).isEqualTo(StartCommand.EXIT_BAD_INPUT);
        assertThat(serveInstance.err()).contains("--metrics-port is for cluster nodes (--head or --address)");
    }

    @Test
    void aFailureDetectorOptionThatIsNoDurationOrWithoutAClusterNodeIsAUsageError() {
        CliRun notADuration = CliRun.of("start", "--head", "--heartbeat-pause", "fast");
        assertThat(notADuration.exitCode()).isEqualTo(StartCommand.EXIT_BAD_INPUT);
        assertThat(notADuration.err())
                .contains("--heartbeat-pause must be a duration such as 200ms, 1s or 1.5s, was 'fast'");

        CliRun conflicting = CliRun.of("start", "--address", "127.0.0.1:6399", "--heartbeat-interval", "5s");
        assertThat(conflicting.exitCode()).isEqualTo(StartCommand.EXIT_BAD_INPUT);
        assertThat(conflicting.err()).contains("--heartbeat-pause (3s) must be longer than --heartbeat-interval (5s)");

        CliRun serveInstance = CliRun.of("start", "--stable-after", "2s");
        assertThat(serveInstance.exitCode()).isEqualTo(StartCommand.EXIT_BAD_INPUT);
        assertThat(serveInstance.err()).contains("--stable-after is for cluster nodes (--head or --address)");
    }
}
