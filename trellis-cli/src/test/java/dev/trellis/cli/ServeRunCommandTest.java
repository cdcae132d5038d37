package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.Serve;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trellis serve run} end to end in this JVM, against the examples. */
class ServeRunCommandTest {
    private static final String EXAMPLE_CONFIG = Path.of("..", "examples", "iris-ensemble.yaml").toString();

    @TempDir
    Path dir;

    @AfterEach
    void noRuntimeLeftRunning() {
        assertThat(Serve.isRunning()).isFalse();
    }

    @Test
    void runsTheExampleConfigAndPrintsItsStatus() {
        var run = CliRun.of("serve", "run", EXAMPLE_CONFIG, "--port", "0", "--exit-after-start");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Application 'iris' is running at route prefix /iris.");
        assertThat(run.out()).containsPattern("iris +/iris +RUNNING +IrisEnsemble +HEALTHY +1/1 RUNNING");
        assertThat(run.out()).containsPattern("LogisticRegression +HEALTHY +2/2 RUNNING");
        assertThat(run.out()).containsPattern("GradientBoosting +HEALTHY +1/1 RUNNING");
    }

    @Test
    void runsAnImportPathUnderTheGivenNameAndPrefix() {
        var run = CliRun.of("serve", "run", "dev.trellis.examples.iris.IrisApp:petalRule",
                "--name", "rule", "--route-prefix", "/rule", "--port", "0", "--exit-after-start");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("rule +/rule +RUNNING +PetalRule +HEALTHY +1/1 RUNNING");
    }

    @Test
    void printsTheHttpAddressAndACurlToTryEachApplication() {
        var run = CliRun.of("serve", "run", EXAMPLE_CONFIG, "--port", "0", "--exit-after-start");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("HTTP: http://127\\.0\\.0\\.1:\\d+\n");
        assertThat(run.out()).containsPattern(Pattern.quote("  Try it: curl -X POST http://127.0.0.1:") + "\\d+"
                + Pattern.quote("/iris -H 'content-type: application/json' -d '{\"sepal length\": 5.1, "
                + "\"sepal width\": 3.5, \"petal length\": 1.4, \"petal width\": 0.2}'"));
    }

    @Test
    void aPortInUseFailsWithExitCodeOneNamingIt() throws IOException {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var run = CliRun.of("serve", "run", EXAMPLE_CONFIG, "--port", String.valueOf(taken.getLocalPort()),
                    "--exit-after-start");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("\tat ");
        }
    }

    @Test
    void rejectsAPortOutOfRange() {
        var run = CliRun.of("serve", "run", EXAMPLE_CONFIG, "--port", "70000", "--exit-after-start");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("http_options.port must be between 0 and 65535, was 70000");
    }

    @Test
    void reportsConfigProblemsWithExitCodeTwoAndNoStackTrace() throws IOException {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                applications:
                  - name: iris
                    import_path: dev.trellis.examples.iris.IrisApp:app
                    deployments:
                      - name: LogisticRegression
                        num_replicas: 0
                        placement_group_bundles: [{CPU: 1}]
                """);

        var run = CliRun.of("serve", "run", config.toString(), "--exit-after-start");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid Serve config file " + config + " (2 problems):")
                .contains("applications[0].deployments[0].num_replicas (line 6): num_replicas must be >= 1, was 0",
                        "applications[0].deployments[0].placement_group_bundles (line 7): unknown key")
                .doesNotContain("\tat ", "Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void reportsBadImportPathWithExitCodeTwo() {
        var run = CliRun.of("serve", "run", "com.example.Missing:app", "--exit-after-start");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("class 'com.example.Missing' not found").doesNotContain("\tat ");
    }

    @Test
    void rejectsNameWithConfigFile() {
        var run = CliRun.of("serve", "run", EXAMPLE_CONFIG, "--name", "other", "--exit-after-start");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--name applies to import paths only");
    }

    @Test
    void rejectsRoutePrefixWithoutLeadingSlash() {
        var run = CliRun.of("serve", "run", "dev.trellis.examples.iris.IrisApp:app", "--route-prefix", "iris");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("route_prefix must start with '/', was \"iris\"");
    }

    @Test
    void rejectsNegativeNodeResources() {
        var run = CliRun.of("serve", "run", "dev.trellis.examples.iris.IrisApp:app", "--num-cpus", "-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("num_cpus must be a finite number >= 0, was -1.0");
    }
}
