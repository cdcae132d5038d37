package dev.trellis.serve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Application;
import dev.trellis.serve.AutoscalingConfig;
import dev.trellis.serve.AutoscalingConfig.AggregationFunction;
import dev.trellis.serve.DeploymentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code autoscaling_config} and {@code num_replicas: auto} in config files: values, Ray's rules, and problems named with key path and line. */
class AutoscalingConfigFileTest {
    private static final String APP = TestApps.class.getName() + ":app";
    private static final String AUTOSCALED_IN_CODE = AutoscalingTestApps.class.getName() + ":autoscaledInCode";

    @TempDir
    Path dir;

    @Test
    void readsEveryAutoscalingKey() throws IOException {
        var config = workerAutoscaling(APP, """
                        autoscaling_config:
                          min_replicas: 0
                          max_replicas: 10
                          initial_replicas: 2
                          target_ongoing_requests: 1.5
                          upscale_delay_s: 0.5
                          downscale_delay_s: 20
                          downscale_to_zero_delay_s: 120
                          upscaling_factor: 2
                          downscaling_factor: 0.5
                          metrics_interval_s: 0.25
                          look_back_period_s: 5
                          aggregation_function: max
                          policy:
                            policy_function: %s
                """.formatted(AutoscalingTestApps.Fixed.class.getName()));

        assertThat(config.minReplicas()).isZero();
        assertThat(config.maxReplicas()).isEqualTo(10);
        assertThat(config.initialReplicas()).isEqualTo(2);
        assertThat(config.targetOngoingRequests()).isEqualTo(1.5);
        assertThat(config.upscaleDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.downscaleDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.downscaleToZeroDelay()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.upscalingFactor()).isEqualTo(2.0);
        assertThat(config.downscalingFactor()).isEqualTo(0.5);
        assertThat(config.metricsInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.lookBackPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.aggregationFunction()).isEqualTo(AggregationFunction.MAX);
        assertThat(config.policy()).isInstanceOf(AutoscalingTestApps.Fixed.class);
    }

    @Test
    void keysLeftOutTakeRaysDefaults() throws IOException {
        var config = workerAutoscaling(APP, """
                        autoscaling_config: {max_replicas: 4}
                """);

        assertThat(config).isEqualTo(AutoscalingConfig.builder().maxReplicas(4).build());
    }

    @Test
    void aPolicyMayBeNamedByItsClassAlone() throws IOException {
        var config = workerAutoscaling(APP, """
                        autoscaling_config:
                          policy: %s
                """.formatted(AutoscalingTestApps.Fixed.class.getName()));

        assertThat(config.policy()).isInstanceOf(AutoscalingTestApps.Fixed.class);
    }

    @Test
    void numReplicasAutoGivesTheAutoDefaults() throws IOException {
        assertThat(workerAutoscaling(APP, """
                        num_replicas: auto
                """)).isEqualTo(AutoscalingConfig.autoDefaults());
    }

    @Test
    void numReplicasAutoWithAnAutoscalingConfigOverridesTheAutoDefaults() throws IOException {
        var config = workerAutoscaling(APP, """
                        num_replicas: auto
                        autoscaling_config: {target_ongoing_requests: 8}
                """);

        assertThat(config.maxReplicas()).isEqualTo(100);
        assertThat(config.targetOngoingRequests()).isEqualTo(8.0);
    }

    @Test
    void theFilesAutoscalingConfigReplacesTheOneSetInCode() throws IOException {
        var config = ingressConfig(AUTOSCALED_IN_CODE, """
                        autoscaling_config: {max_replicas: 3}
                """).autoscalingConfig();

        assertThat(config.maxReplicas()).isEqualTo(3);
        assertThat(config.minReplicas()).as("not merged with the code's min_replicas 0").isEqualTo(1);
        assertThat(config.targetOngoingRequests()).isEqualTo(2.0);
    }

    @Test
    void aNumberOfReplicasInTheFileTurnsAutoscalingFromCodeOff() throws IOException {
        var config = ingressConfig(AUTOSCALED_IN_CODE, """
                        num_replicas: 3
                """);

        assertThat(config.autoscalingConfig()).isNull();
        assertThat(config.numReplicas()).isEqualTo(3);
    }

    @Test
    void aNumberOfReplicasWithAnAutoscalingConfigIsAProblem() throws IOException {
        Path file = write(APP, """
                        num_replicas: 2
                        autoscaling_config: {max_replicas: 3}
                """);

        assertThatThrownBy(() -> ServeConfigFile.load(file)).hasMessageContaining(
                "applications[0].deployments[0].num_replicas (line 6): Manually setting num_replicas is not allowed"
                        + " when autoscaling_config is provided (num_replicas 2)");
    }

    @Test
    void numReplicasMustBeANumberOrAuto() throws IOException {
        Path file = write(APP, """
                        num_replicas: lots
                """);

        assertThatThrownBy(() -> ServeConfigFile.load(file)).hasMessageContaining(
                "applications[0].deployments[0].num_replicas (line 6): must be an integer or \"auto\", was \"lots\"");
    }

    @Test
    void everyBadAutoscalingValueIsNamedWithItsKeyPathAndLine() throws IOException {
        Path file = write(APP, """
                        autoscaling_config:
                          min_replicas: -1
                          max_replicas: many
                          target_ongoing_requests: 0
                          upscale_delay_s: -2
                          aggregation_function: median
                          look_back: 10
                """);

        String at = "applications[0].deployments[0].autoscaling_config.";
        assertThatThrownBy(() -> ServeConfigFile.load(file)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                        at + "min_replicas (line 7): min_replicas must be >= 0, was -1",
                        at + "max_replicas (line 8): must be an integer, was \"many\"",
                        at + "target_ongoing_requests (line 9): target_ongoing_requests must be a number > 0, was 0.0",
                        at + "upscale_delay_s (line 10): upscale_delay_s must be >= 0 seconds, was -2.0 s",
                        at + "aggregation_function (line 11): aggregation_function must be one of mean, max, min,"
                                + " was 'median'",
                        at + "look_back (line 12): unknown key 'look_back'; supported keys here: "
                                + String.join(", ", AutoscalingConfigReader.KEYS)));
    }

    @Test
    void contradictorySettingsAreAProblemOfTheWholeMapping() throws IOException {
        Path file = write(APP, """
                        autoscaling_config:
                          min_replicas: 5
                          max_replicas: 2
                """);

        assertThatThrownBy(() -> ServeConfigFile.load(file)).hasMessageContaining(
                "applications[0].deployments[0].autoscaling_config (line 6): min_replicas (5) must be <= max_replicas (2)");
    }

    @Test
    void aPolicyClassThatDoesNotExistIsAProblem() throws IOException {
        Path file = write(APP, """
                        autoscaling_config:
                          policy: {policy_function: com.example.MissingPolicy}
                """);

        assertThatThrownBy(() -> ServeConfigFile.load(file)).hasMessageContaining(
                "applications[0].deployments[0].autoscaling_config.policy.policy_function (line 7): class"
                        + " 'com.example.MissingPolicy' not found on the class path (it must name a class implementing"
                        + " dev.trellis.serve.AutoscalingPolicy)");
    }

    @Test
    void aClassThatIsNotAPolicyIsAProblem() throws IOException {
        String name = AutoscalingTestApps.NotAPolicy.class.getName();
        Path file = write(APP, """
                        autoscaling_config:
                          policy: {policy_function: %s}
                """.formatted(name));

        assertThatThrownBy(() -> ServeConfigFile.load(file)).hasMessageContaining(
                "autoscaling_config.policy.policy_function (line 7): class '" + name
                        + "' does not implement dev.trellis.serve.AutoscalingPolicy");
    }

    @Test
    void aPolicyWithoutANoArgumentConstructorIsAProblem() throws IOException {
        String name = AutoscalingTestApps.WithArgument.class.getName();
        Path file = write(APP, """
                        autoscaling_config:
                          policy: {policy_function: %s}
                """.formatted(name));

        assertThatThrownBy(() -> ServeConfigFile.load(file)).hasMessageContaining(
                "autoscaling_config.policy.policy_function (line 7): policy " + name
                        + " needs a public no-argument constructor");
    }

    private AutoscalingConfig workerAutoscaling(String importPath, String workerOverrides) throws IOException {
        var app = ServeConfigFile.load(write(importPath, workerOverrides)).applications().getFirst().application();
        return ((Application<?>) app.args().getFirst()).ingress().config().autoscalingConfig();
    }

    private DeploymentConfig ingressConfig(String importPath, String workerOverrides) throws IOException {
        return ServeConfigFile.load(write(importPath, workerOverrides)).applications().getFirst().application()
                .ingress().config();
    }

    /** A file whose one application overrides deployment Worker with {@code workerOverrides} (from line 6 on). */
    private Path write(String importPath, String workerOverrides) throws IOException {
        return Files.writeString(dir.resolve("serve.yaml"), """
                applications:
                  - name: app
                    import_path: %s
                    deployments:
                      - name: Worker
                %s""".formatted(importPath, workerOverrides));
    }
}
