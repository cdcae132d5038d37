package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.trellis.core.testing.FreePorts;

/**
 * The whole operator workflow across processes: {@code trellis start} in a separate JVM (which
 * launches the instance as a background JVM and returns), then {@code serve deploy},
 * {@code serve status --json}, an HTTP call to the deployed application, {@code serve shutdown}
 * and {@code trellis stop}, after which the instance's process has exited.
 */
class StartStopProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void startDeployCallShutdownStop() throws Exception {
        int httpPort = FreePorts.next();
        int adminPort = FreePorts.next();
        String address = "http://127.0.0.1:" + adminPort;
        Path startOutput = dir.resolve("start.out");
        Process starter = new ProcessBuilder(BackgroundLauncher.javaCommand(List.of("start", "--port",
                String.valueOf(httpPort), "--admin-port", String.valueOf(adminPort), "--num-cpus", "2",
                "--log-file", dir.resolve("trellis.log").toString(), "--wait", "60")))
                .redirectErrorStream(true).redirectOutput(startOutput.toFile()).start();
        long instancePid = -1;
        try {
            assertThat(starter.waitFor(90, TimeUnit.SECONDS)).as("trellis start returns").isTrue();
            String started = Files.readString(startOutput);
            assertThat(starter.exitValue()).as(started).isZero();
            assertThat(started).contains("Admin API:  " + address, "HTTP proxy: http://127.0.0.1:" + httpPort);
            var pid = Pattern.compile("pid (\\d+)").matcher(started);
            assertThat(pid.find()).isTrue();
            instancePid = Long.parseLong(pid.group(1));

            Path config = Files.writeString(dir.resolve("rule.yaml"), """
                    applications:
                      - name: rule
                        route_prefix: /rule
                        import_path: dev.trellis.examples.iris.IrisApp:petalRule
                    """);
            var deploy = CliRun.of("serve", "deploy", config.toString(), "--address", address);
            assertThat(deploy.exitCode()).as(deploy.err()).isZero();

            await().atMost(PATIENCE).untilAsserted(() -> {
                var status = CliRun.of("serve", "status", "--json", "--address", address);
                assertThat(new ObjectMapper().readTree(status.out()).at("/applications/rule/status").asText())
                        .isEqualTo("RUNNING");
            });

            try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/rule"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"sepal length\": 5.1, \"sepal width\": 3.5,"
                                + " \"petal length\": 1.4, \"petal width\": 0.2}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("setosa");
            }

            var shutdown = CliRun.of("serve", "shutdown", "--yes", "--address", address);
            assertThat(shutdown.exitCode()).as(shutdown.err()).isZero();
            assertThat(shutdown.out()).contains("Deleted applications: rule.");

            var stop = CliRun.of("stop", "--address", address, "--timeout", "60");
            assertThat(stop.exitCode()).as(stop.err()).isZero();
            assertThat(stop.out()).contains("Trellis stopped.");
            assertThat(ProcessHandle.of(instancePid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        } finally {
            starter.destroyForcibly();
            if (instancePid > 0) {
                ProcessHandle.of(instancePid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aTakenAdminPortIsReportedAndNothingIsLeftRunning() throws Exception {
        try (var taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var run = CliRun.of("start", "--block", "--port", "0", "--admin-port", String.valueOf(taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("the admin API cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(dev.trellis.serve.Serve.isRunning()).isFalse();
        }
    }
}
