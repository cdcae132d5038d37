package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.HealthCheckable;
import dev.trellis.serve.Reconfigurable;
import dev.trellis.serve.ReplicaDiedException;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redeploying the same application with changed options, code unchanged, keeps its replicas
 * (same ids in the status, no constructor run) and the new value takes effect on them.
 */
class InPlaceUpdateTest extends ServeIntegrationTest {
    private static final String APP = "inplace";
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    static final AtomicInteger HEALTH_CHECKS = new AtomicInteger();
    static final AtomicInteger RUNNING = new AtomicInteger();
    static volatile CountDownLatch release = new CountDownLatch(1);

    public static final class Tunable implements Reconfigurable<Map<String, Object>>, HealthCheckable {
        private volatile Map<String, Object> config = Map.of();

        public Tunable() {
            CONSTRUCTED.incrementAndGet();
        }

        @Override
        public void reconfigure(Map<String, Object> userConfig) {
            config = userConfig;
        }

        @Override
        public void checkHealth() {
            HEALTH_CHECKS.incrementAndGet();
        }

        public String config(int ignored) {
            return String.valueOf(config.get("label"));
        }

        /** Holds the call until the test releases it; counts the calls running at once. */
        public String hold(int call) throws InterruptedException {
            RUNNING.incrementAndGet();
            try {
                return release.await(30, TimeUnit.SECONDS) ? "released " + call : "timed out " + call;
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    @BeforeEach
    void resetCounters() {
        CONSTRUCTED.set(0);
        HEALTH_CHECKS.set(0);
        RUNNING.set(0);
    }

    @AfterEach
    void releaseHeldCalls() {
        release.countDown();
    }

    private static DeploymentHandle<Tunable> run(Consumer<DeploymentConfig.Builder> options) {
        return Serve.run(Serve.deployment(Tunable.class).options(options).bind(), APP, null);
    }

    private static Set<String> replicaIds() {
        return deployment(APP, "Tunable").replicas().stream()
                .map(ServeStatus.ReplicaOverview::replicaId).collect(Collectors.toSet());
    }

    @Test
    void moreReplicasKeepTheRunningOnesAndAddOnlyTheDifference() {
        run(o -> o.numReplicas(2));
        Set<String> before = replicaIds();

        run(o -> o.numReplicas(4));

        assertThat(replicaIds()).hasSize(4).containsAll(before);
        assertThat(CONSTRUCTED.get()).isEqualTo(4);
    }

    @Test
    void fewerReplicasStopOnlyTheSurplus() {
        run(o -> o.numReplicas(3));
        Set<String> before = replicaIds();

        run(o -> o.numReplicas(1));

        eventually(() -> assertThat(replicaIds()).hasSize(1));
        assertThat(before).containsAll(replicaIds());
        assertThat(CONSTRUCTED.get()).isEqualTo(3);
    }

    @Test
    void userConfigAndOtherSettingsChangeWithoutRestartingReplicas() {
        var handle = run(o -> o.numReplicas(2).userConfig(Map.of("label", "cat")));
        Set<String> before = replicaIds();

        run(o -> o.userConfig(Map.of("label", "dog")).maxQueuedRequests(50)
                .healthCheckTimeout(Duration.ofSeconds(5)).gracefulShutdownWaitLoop(Duration.ofMillis(100))
                .rollingUpdateShare(1.0).autoscaling(a -> a.minReplicas(2).maxReplicas(3)));

        for (int i = 0; i < 10; i++) {
            assertThat(handle.remote(Tunable::config, i).result()).isEqualTo("dog");
        }
        assertThat(replicaIds()).isEqualTo(before);
        assertThat(CONSTRUCTED.get()).isEqualTo(2);
    }

    @Test
    void newHealthCheckPeriodIsUsedByRunningReplicas() {
        run(o -> o.healthCheckPeriod(Duration.ofMinutes(5)));
        Set<String> before = replicaIds();
        int checksBefore = HEALTH_CHECKS.get();

        run(o -> o.healthCheckPeriod(Duration.ofMillis(50)));

        eventually(() -> assertThat(HEALTH_CHECKS.get()).isGreaterThanOrEqualTo(checksBefore + 5));
        assertThat(replicaIds()).isEqualTo(before);
    }

    @Test
    void higherMaxOngoingRequestsLetsMoreCallsRunOnTheSameReplica() {
        var handle = run(o -> o.maxOngoingRequests(1));
        Set<String> before = replicaIds();
        release = new CountDownLatch(1);
        List<DeploymentResponse<String>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(handle.remote(Tunable::hold, i));
        }
        eventually(() -> assertThat(RUNNING.get()).isEqualTo(1));

        run(o -> o.maxOngoingRequests(3));

        eventually(() -> assertThat(RUNNING.get()).isEqualTo(3));
        assertThat(replicaIds()).isEqualTo(before);
        release.countDown();
        for (int i = 0; i < 3; i++) {
            assertThat(calls.get(i).result(Duration.ofSeconds(10))).isEqualTo("released " + i);
        }
    }

    @Test
    void shorterGracefulShutdownTimeoutCutsTheDrainOfAnExistingReplicaShort() throws Exception {
        var handle = run(o -> o.gracefulShutdownTimeout(Duration.ofMinutes(5)).gracefulShutdownWaitLoop(Duration.ofMillis(50)));
        Set<String> before = replicaIds();
        release = new CountDownLatch(1);
        var stuck = handle.remote(Tunable::hold, 1);
        eventually(() -> assertThat(RUNNING.get()).isEqualTo(1));

        run(o -> o.gracefulShutdownTimeout(Duration.ofMillis(300)).gracefulShutdownWaitLoop(Duration.ofMillis(50)));
        assertThat(replicaIds()).isEqualTo(before);

        try (var background = Executors.newVirtualThreadPerTaskExecutor()) {
            var deletion = background.submit(() -> Serve.delete(APP));
            // With the old 5-minute timeout the delete would wait for the held call.
            deletion.get(10, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> stuck.result(Duration.ofSeconds(10))).isInstanceOf(ReplicaDiedException.class);
    }
}
