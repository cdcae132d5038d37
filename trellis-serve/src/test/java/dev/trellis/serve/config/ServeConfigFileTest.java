package dev.trellis.serve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Resources;
import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeConfigFileTest {
    private static final String APP = TestApps.class.getName() + ":app";

    @TempDir
    Path dir;

    @Test
    void loadsApplicationWithDefaultRoutePrefix() throws IOException {
        var file = ServeConfigFile.load(write("""
                applications:
                  - name: greeter
                    import_path: %s
                """.formatted(APP)));

        assertThat(file.applications()).singleElement().satisfies(app -> {
            assertThat(app.name()).isEqualTo("greeter");
            assertThat(app.routePrefix()).isEqualTo("/");
            assertThat(app.application().ingress().name()).isEqualTo("Ingress");
        });
    }

    @Test
    void nullRoutePrefixMeansNoRoute() throws IOException {
        var file = ServeConfigFile.load(write("""
                applications:
                  - name: greeter
                    route_prefix: null
                    import_path: %s
                """.formatted(APP)));

        assertThat(file.applications().getFirst().routePrefix()).isNull();
    }

    @Test
    void appliesEveryDeploymentOverride() throws IOException {
        var file = ServeConfigFile.load(write("""
                applications:
                  - name: greeter
                    route_prefix: /greet
                    import_path: %s
                    deployments:
                      - name: Worker
                        num_replicas: 3
                        max_ongoing_requests: 8
                        max_queued_requests: 100
                        user_config: {threshold: 0.5}
                        health_check_period_s: 0.5
                        health_check_timeout_s: 3
                        graceful_shutdown_wait_loop_s: 1.25
                        graceful_shutdown_timeout_s: 4
                        rolling_update_share: 0.5
                        ray_actor_options:
                          num_cpus: 0.5
                          num_gpus: 0.25
                          resources: {accelerator: 1}
                """.formatted(APP)));

        DeploymentConfig worker = workerConfig(file.applications().getFirst().application());
        assertThat(worker.numReplicas()).isEqualTo(3);
        assertThat(worker.maxOngoingRequests()).isEqualTo(8);
        assertThat(worker.maxQueuedRequests()).isEqualTo(100);
        assertThat(worker.userConfig().get("threshold").doubleValue()).isEqualTo(0.5);
        assertThat(worker.healthCheckPeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(worker.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(worker.gracefulShutdownWaitLoop()).isEqualTo(Duration.ofMillis(1250));
        assertThat(worker.gracefulShutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(worker.rollingUpdateShare()).isEqualTo(0.5);
        assertThat(worker.resources()).isEqualTo(new Resources(0.5, 0.25, Map.of("accelerator", 1.0)));
    }

    @Test
    void keepsOptionsSetInCodeForKeysLeftOut() throws IOException {
        var file = ServeConfigFile.load(write("""
                applications:
                  - name: greeter
                    import_path: %s
                    deployments:
                      - name: Worker
                        num_replicas: 2
                """.formatted(APP)));

        DeploymentConfig worker = workerConfig(file.applications().getFirst().application());
        assertThat(worker.numReplicas()).isEqualTo(2);
        assertThat(worker.maxOngoingRequests()).isEqualTo(7);
        assertThat(file.applications().getFirst().application().ingress().config().numReplicas()).isEqualTo(1);
    }

    @Test
    void passesArgsToApplicationBuilder() throws IOException {
        var file = ServeConfigFile.load(write("""
                applications:
                  - name: greeter
                    import_path: %s:fromRecord
                    args: {greeting: hey, times: 3}
                """.formatted(TestApps.class.getName())));

        assertThat(file.applications().getFirst().application().args()).containsExactly("heyheyhey");
    }

    @Test
    void rejectsUnknownKeyNamingItTheFileAndTheSupportedKeys() throws IOException {
        Path file = write("""
                grpc_options: {port: 9000}
                applications:
                  - name: greeter
                    import_path: %s
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid Serve config file " + file)
                .hasMessageContaining("grpc_options (line 1): unknown key 'grpc_options'; supported keys here: applications, http_options");
    }

    @Test
    void rejectsUnknownDeploymentKeyListingTheDeploymentKeys() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    import_path: %s
                    deployments:
                      - name: Worker
                        placement_group_bundles: [{CPU: 1}]
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("applications[0].deployments[0].placement_group_bundles (line 6): unknown key")
                .hasMessageContaining("supported keys here: " + String.join(", ", DeploymentOverride.KEYS));
    }

    @Test
    void rejectsZeroReplicasNamingKeyAndValue() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    import_path: %s
                    deployments:
                      - name: Worker
                        num_replicas: 0
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("applications[0].deployments[0].num_replicas (line 6): num_replicas must be >= 1, was 0");
    }

    @Test
    void rejectsRollingUpdateShareOutsideZeroToOneNamingKeyAndValue() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    import_path: %s
                    deployments:
                      - name: Worker
                        rolling_update_share: 1.5
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file)).hasMessageContaining(
                "applications[0].deployments[0].rolling_update_share (line 6): rolling_update_share must be > 0 and <= 1, was 1.5");
    }

    @Test
    void rejectsStringWhereNumberIsExpected() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    import_path: %s
                    deployments:
                      - name: Worker
                        max_ongoing_requests: "lots"
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("applications[0].deployments[0].max_ongoing_requests (line 6): must be an integer, was \"lots\"");
    }

    @Test
    void listsEveryProblemInOneException() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    route_prefix: greet
                    import_path: %s
                    deployments:
                      - name: Worker
                        num_replicas: 0
                        health_check_period_s: fast
                        ray_actor_options: {num_gpus: -1, memory: 100}
                  - import_path: com.example.Missing:app
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::keyPath)
                        .containsExactlyInAnyOrder(
                                "applications[0].route_prefix",
                                "applications[0].deployments[0].num_replicas",
                                "applications[0].deployments[0].health_check_period_s",
                                "applications[0].deployments[0].ray_actor_options.num_gpus",
                                "applications[0].deployments[0].ray_actor_options.memory",
                                "applications[1].name",
                                "applications[1].import_path"))
                .hasMessageContaining("(7 problems)");
    }

    @Test
    void rejectsDuplicateApplicationNames() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    route_prefix: /a
                    import_path: %1$s
                  - name: greeter
                    route_prefix: /b
                    import_path: %1$s
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("applications[1].name (line 5): duplicate application name \"greeter\" (also at applications[0].name)");
    }

    @Test
    void rejectsDuplicateRoutePrefixes() throws IOException {
        Path file = write("""
                applications:
                  - name: a
                    import_path: %1$s
                  - name: b
                    import_path: %1$s
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("applications[1].route_prefix (line 4): duplicate route_prefix \"/\" (also at applications[0].route_prefix (the default))");
    }

    @Test
    void rejectsOverrideOfMissingDeploymentListingTheExistingOnes() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    import_path: %s
                    deployments:
                      - name: Wroker
                        num_replicas: 2
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("applications[0].deployments[0].name (line 5): no deployment named \"Wroker\""
                        + " in application \"greeter\"; its deployments: Ingress, Worker");
    }

    @Test
    void rejectsDeploymentListedTwice() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    import_path: %s
                    deployments:
                      - name: Worker
                      - name: Worker
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("applications[0].deployments[1].name (line 6): duplicate deployment \"Worker\"");
    }

    @Test
    void rejectsImportPathOfMissingClass() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    import_path: com.example.Missing:app
                """);

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("applications[0].import_path (line 3): class 'com.example.Missing' not found");
    }

    @Test
    void rejectsArgsThatDoNotConvertUnderTheArgsKey() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    import_path: %s:fromRecord
                    args: {times: many}
                """.formatted(TestApps.class.getName()));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("applications[0].args (line 4): cannot convert args {\"times\":\"many\"}");
    }

    @Test
    void rejectsInvalidYamlWithItsLine() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    import_path: [unclosed
                """);

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.problems().getFirst().line()).isPositive())
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void rejectsDuplicateKeys() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    name: other
                    import_path: %s
                """.formatted(APP));

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("line 3")
                .hasMessageContaining("Duplicate field 'name'");
    }

    @Test
    void rejectsEmptyFile() throws IOException {
        Path file = write("");

        assertThatThrownBy(() -> ServeConfigFile.load(file)).hasMessageContaining("the file is empty");
    }

    @Test
    void rejectsMissingFile() {
        Path file = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid Serve config file " + file + " (1 problem):\n  - no such file");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("serve.yaml"), yaml);
    }

    private static DeploymentConfig workerConfig(Application<?> app) {
        return ((Application<?>) app.args().getFirst()).ingress().config();
    }
}
