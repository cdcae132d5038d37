package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trellis start --block} in this JVM: the initial config is deployed and in force; {@code trellis stop} ends it. */
class StartBlockTest {
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void shutdown() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void deploysTheInitialConfigAndStopsOnRequest() throws Exception {
        int adminPort;
        try (var socket = new ServerSocket(0)) {
            adminPort = socket.getLocalPort();
        }
        String address = "http://127.0.0.1:" + adminPort;
        Path config = Files.writeString(dir.resolve("rule.yaml"), """
                http_options:
                  port: 8000
                applications:
                  - name: rule
                    route_prefix: /rule
                    import_path: dev.trellis.examples.iris.IrisApp:petalRule
                """);
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of("start", "--block", "--port", "0",
                "--admin-port", String.valueOf(adminPort), "--num-cpus", "2", config.toString()), background);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(CliRun.of("serve", "status", "--address", address).out())
                        .containsPattern("rule +/rule +RUNNING +PetalRule +HEALTHY"));
        assertThat(CliRun.of("serve", "config", "--address", address).out()).contains("name: rule");

        var stop = CliRun.of("stop", "--address", address);
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        CliRun started = run.get(30, TimeUnit.SECONDS);
        assertThat(started.exitCode()).as(started.err()).isZero();
        assertThat(started.out()).contains("Admin API: " + address, "Deploying " + config + ": rule.",
                "Stop requested; draining applications...", "Trellis stopped.");
        assertThat(dev.trellis.serve.Serve.isRunning()).isFalse();
    }

    @Test
    void helpListsTheInstanceCommands() {
        assertThat(CliRun.of("--help").out()).contains("start", "stop");
        assertThat(CliRun.of("serve", "--help").out()).contains("deploy", "status", "config", "shutdown");
        assertThat(CliRun.of("start", "--help").out()).contains("--admin-host", "--admin-port", "--admin-token-file",
                "--log-file", "--block", "--num-cpus", "--num-gpus", "--host", "--port");
    }

    @Test
    void exposingTheAdminApiWithoutATokenIsRefused() throws IOException {
        var run = CliRun.of("start", "--block", "--port", "0", "--admin-host", "0.0.0.0", "--admin-port", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("without a token", "TRELLIS_ADMIN_TOKEN");
        assertThat(dev.trellis.serve.Serve.isRunning()).isFalse();
    }
}
