package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.ApplicationStatus;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import dev.trellis.serve.config.ServeConfigFile;
import dev.trellis.serve.it.AutoscalingApps.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Autoscaling end to end: load that rises and falls moves the replica count up and back down,
 * a deployment scales to zero when idle and a request at zero replicas is served, custom
 * policies chosen in code and in a config file. Intervals and delays are a few tens of
 * milliseconds, so the class takes a few seconds.
 */
class AutoscalingTest extends ServeIntegrationTest {
    private static final String APP = "scaling";

    @TempDir
    Path dir;

    @BeforeEach
    void openGate() {
        AutoscalingApps.gate = new CountDownLatch(0);
    }

    @AfterEach
    void releaseHeldCalls() {
        AutoscalingApps.gate.countDown();
    }

    @Test
    void replicasFollowLoadUpToMaxAndBackDownToMin() {
        var gate = new CountDownLatch(1);
        AutoscalingApps.gate = gate;
        DeploymentHandle<Worker> handle = Serve.run(Serve.deployment(Worker.class)
                .options(o -> o.autoscaling(AutoscalingApps.fast().minReplicas(1).maxReplicas(3)
                        .targetOngoingRequests(1).build()))
                .bind(), APP, null);
        assertThat(deployment(APP, "Worker").targetReplicas()).isEqualTo(1);

        List<DeploymentResponse<String>> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            held.add(handle.remote(Worker::work, i));
        }
        eventually(() -> {
            var d = deployment(APP, "Worker");
            assertThat(d.targetReplicas()).isEqualTo(3);
            assertThat(d.count(ReplicaState.RUNNING)).isEqualTo(3);
        });

        gate.countDown();
        var servedBy = new HashSet<String>();
        held.forEach(r -> servedBy.add(r.result(PATIENCE)));
        assertThat(servedBy).as("the held calls spread over the new replicas").hasSizeGreaterThan(1);
        eventually(() -> {
            var d = deployment(APP, "Worker");
            assertThat(d.targetReplicas()).isEqualTo(1);
            assertThat(d.replicas()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(ReplicaState.RUNNING));
            assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
        });
    }

    @Test
    void idleDeploymentScalesToZeroAndARequestBringsItBack() {
        DeploymentHandle<Worker> handle = Serve.run(Serve.deployment(Worker.class)
                .options(o -> o.autoscaling(AutoscalingApps.fast().minReplicas(0).initialReplicas(1).maxReplicas(2)
                        .downscaleToZeroDelay(Duration.ofMillis(200)).build()))
                .bind(), APP, null);
        assertThat(handle.remote(Worker::work, 1).result(PATIENCE)).isNotEmpty();

        eventually(() -> {
            var d = deployment(APP, "Worker");
            assertThat(d.targetReplicas()).isZero();
            assertThat(d.replicas()).isEmpty();
            assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
        });
        assertThat(Serve.status().application(APP).status()).isEqualTo(ApplicationStatus.RUNNING);

        assertThat(handle.remote(Worker::work, 2).result(PATIENCE)).isNotEmpty();
    }

    /**
     * Load reports come every 60 s here, so only the router's immediate signal can start the
     * replica within the call's 15 s timeout.
     */
    @Test
    void requestArrivingAtZeroReplicasIsQueuedAndServedWithoutWaitingForALoadReport() {
        DeploymentHandle<Worker> handle = Serve.run(Serve.deployment(Worker.class)
                .options(o -> o.autoscaling(a -> a.minReplicas(0).initialReplicas(0).maxReplicas(2)
                        .metricsInterval(Duration.ofSeconds(60)).lookBackPeriod(Duration.ofSeconds(60))))
                .bind(), APP, null);
        var atStart = deployment(APP, "Worker");
        assertThat(atStart.targetReplicas()).isZero();
        assertThat(atStart.replicas()).isEmpty();
        assertThat(Serve.status().application(APP).status()).isEqualTo(ApplicationStatus.RUNNING);

        assertThat(handle.remote(Worker::work, 1).result(Duration.ofSeconds(15))).isNotEmpty();

        var after = deployment(APP, "Worker");
        assertThat(after.targetReplicas()).isEqualTo(1);
        assertThat(after.count(ReplicaState.RUNNING)).isEqualTo(1);
    }

    @Test
    void customPolicyChosenInCodeKeepsItsStateBetweenTicks() {
        Serve.run(Serve.deployment(Worker.class)
                .options(o -> o.autoscaling(a -> a.minReplicas(1).maxReplicas(4).upscaleDelay(Duration.ZERO)
                        .metricsInterval(Duration.ofMillis(50)).lookBackPeriod(Duration.ofMillis(200))
                        .policy(AutoscalingApps.TwoAfterFiveTicks.class)))
                .bind(), APP, null);

        eventually(() -> {
            var d = deployment(APP, "Worker");
            assertThat(d.targetReplicas()).isEqualTo(2);
            assertThat(d.count(ReplicaState.RUNNING)).isEqualTo(2);
        });
    }

    @Test
    void customPolicyNamedInAConfigFileIsUsedAndClampedToMaxReplicas() throws IOException {
        Path file = Files.writeString(dir.resolve("serve.yaml"), """
                applications:
                  - name: %s
                    route_prefix: null
                    import_path: %s:app
                    deployments:
                      - name: Worker
                        autoscaling_config:
                          min_replicas: 1
                          max_replicas: 2
                          upscale_delay_s: 0
                          metrics_interval_s: 0.05
                          look_back_period_s: 0.2
                          policy:
                            policy_function: %s
                """.formatted(APP, AutoscalingApps.class.getName(), AutoscalingApps.Three.class.getName()));
        var configured = ServeConfigFile.load(file).applications().getFirst();

        Serve.run(configured.application(), configured.name(), configured.routePrefix());

        eventually(() -> {
            var d = deployment(APP, "Worker");
            assertThat(d.targetReplicas()).isEqualTo(2);
            assertThat(d.count(ReplicaState.RUNNING)).isEqualTo(2);
        });
    }
}
