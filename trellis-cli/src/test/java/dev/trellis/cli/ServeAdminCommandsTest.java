package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.core.Resources;
import dev.trellis.http.AdminServer;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trellis serve deploy/status/config/shutdown} against an admin API in this JVM. */
class ServeAdminCommandsTest {
    private static final String RULE = """
            applications:
              - name: rule
                route_prefix: /rule
                import_path: dev.trellis.examples.iris.IrisApp:petalRule
            """;

    @TempDir
    Path dir;
    private AdminServer admin;

    @BeforeEach
    void start() {
        HttpOptions http = HttpOptions.builder().port(0).build();
        Serve.start(ServeOptions.builder().nodeResources(Resources.of(4, 0)).controlLoopInterval(Duration.ofMillis(50))
                .http(http).build());
        admin = AdminServer.builder().port(0).proxyOptions(http).start();
    }

    @AfterEach
    void stop() {
        admin.close();
        Serve.shutdown();
    }

    private CliRun serve(String command, String... args) {
        var all = new java.util.ArrayList<String>(java.util.List.of("serve", command, "--address", admin.url()));
        all.addAll(java.util.List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private void awaitRunning() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(serve("status").out()).containsPattern("rule +/rule +RUNNING +PetalRule +HEALTHY +1/1 RUNNING"));
    }

    @Test
    void deployThenStatusShowsTheApplicationRunning() throws IOException {
        var deploy = serve("deploy", write("rule.yaml", RULE).toString());

        assertThat(deploy.exitCode()).as(deploy.err()).isZero();
        assertThat(deploy.out()).contains("Deployed or updated: rule");
        awaitRunning();
    }

    @Test
    void deployingTheSameFileAgainChangesNothing() throws IOException {
        Path file = write("rule.yaml", RULE);
        serve("deploy", file.toString());
        awaitRunning();

        var again = serve("deploy", file.toString());

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("Unchanged: rule").doesNotContain("Deployed or updated");
    }

    @Test
    void statusJsonIsTheServersJson() throws IOException {
        serve("deploy", write("rule.yaml", RULE).toString());
        awaitRunning();

        var status = serve("status", "--json");

        assertThat(status.exitCode()).isZero();
        var json = new ObjectMapper().readTree(status.out());
        assertThat(json.get("applications").get("rule").get("deployments").get("PetalRule").get("replicas")).hasSize(1);
    }

    @Test
    void configPrintsTheConfigInForceAsYaml() throws IOException {
        serve("deploy", write("rule.yaml", RULE).toString());

        var config = serve("config");

        assertThat(config.exitCode()).isZero();
        assertThat(config.out()).contains("name: rule", "route_prefix: /rule",
                "import_path: dev.trellis.examples.iris.IrisApp:petalRule");
    }

    @Test
    void aBadConfigPrintsEveryProblemWithTheFileAndLinesAndExitsTwo() throws IOException {
        Path bad = write("bad.yaml", """
                applications:
                  - name: rule
                    import_path: dev.trellis.examples.iris.IrisApp:nothing
                    replicas: 2
                """);

        var deploy = serve("deploy", bad.toString());

        assertThat(deploy.exitCode()).isEqualTo(2);
        assertThat(deploy.err()).contains("Invalid Serve config file " + bad + " (2 problems; nothing was changed):",
                "applications[0].import_path (line 3)", "applications[0].replicas (line 4)");
        assertThat(serve("status").out()).contains("No applications.");
    }

    @Test
    void shutdownDeletesEveryApplication() throws IOException {
        serve("deploy", write("rule.yaml", RULE).toString());
        awaitRunning();

        var shutdown = serve("shutdown", "--yes");

        assertThat(shutdown.exitCode()).as(shutdown.err()).isZero();
        assertThat(shutdown.out()).contains("Deleted applications: rule.");
        assertThat(serve("status").out()).contains("No applications.");
    }

    @Test
    void shutdownWithoutATerminalNeedsYes() {
        var shutdown = serve("shutdown");

        assertThat(shutdown.exitCode()).isEqualTo(2);
        assertThat(shutdown.err()).contains("--yes");
    }

    @Test
    void anUnreachableInstanceExitsOneSayingToStartOne() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var status = CliRun.of("serve", "status", "--address", "http://127.0.0.1:" + port);

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("cannot reach a Trellis instance", "./trellis start");
    }
}
