package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.ApplicationStatus;
import dev.trellis.serve.DeploymentFailedException;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.DeploymentUnavailableException;
import dev.trellis.serve.HealthCheckable;
import dev.trellis.serve.ReplicaDiedException;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplicaFailureTest extends ServeIntegrationTest {
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    static final AtomicBoolean FAIL_HEALTH = new AtomicBoolean();

    public static final class Fragile implements HealthCheckable {
        private final int instance = CONSTRUCTED.incrementAndGet();

        public int instance() {
            return instance;
        }

        /** A fatal error, like a native library crashing: the replica dies with it. */
        public String crash() {
            throw new Error("native inference library crashed");
        }

        @Override
        public void checkHealth() {
            if (FAIL_HEALTH.get()) {
                throw new IllegalStateException("GPU lost");
            }
        }
    }

    public static final class BrokenConstructor {
        public BrokenConstructor(String path) {
            throw new IllegalStateException("model file " + path + " is missing");
        }

        public String predict(String x) {
            return x;
        }
    }

    @Test
    void aCrashingReplicaIsReplacedAndLaterRequestsSucceed() {
        DeploymentHandle<Fragile> handle = Serve.run(Serve.deployment(Fragile.class).bind(), "fragile", null);
        int first = handle.remote(Fragile::instance).result();

        assertThatThrownBy(() -> handle.remote(Fragile::crash).result(Duration.ofSeconds(10)))
                .isInstanceOf(ReplicaDiedException.class)
                .hasMessageContaining("native inference library crashed");

        // No waiting needed: the call queues until the replacement replica is up.
        int second = handle.remote(Fragile::instance).result(Duration.ofSeconds(20));
        assertThat(second).isNotEqualTo(first);
        eventually(() -> {
            ServeStatus.DeploymentOverview d = deployment("fragile", "Fragile");
            assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
            assertThat(d.replicas()).singleElement().extracting(ServeStatus.ReplicaOverview::state)
                    .isEqualTo(ReplicaState.RUNNING);
        });
    }

    @Test
    void aReplicaFailingItsHealthCheckIsReplaced() {
        DeploymentHandle<Fragile> handle = Serve.run(Serve.deployment(Fragile.class)
                .options(o -> o.healthCheckPeriod(Duration.ofMillis(100))).bind(), "health", null);
        String firstId = deployment("health", "Fragile").replicas().getFirst().replicaId();
        int firstInstance = handle.remote(Fragile::instance).result();

        FAIL_HEALTH.set(true);
        eventually(() -> assertThat(deployment("health", "Fragile").replicas())
                .noneMatch(r -> r.replicaId().equals(firstId) && r.state() == ReplicaState.RUNNING));
        FAIL_HEALTH.set(false);

        eventually(() -> {
            var replicas = deployment("health", "Fragile").replicas();
            assertThat(replicas).singleElement().satisfies(r -> {
                assertThat(r.replicaId()).isNotEqualTo(firstId);
                assertThat(r.state()).isEqualTo(ReplicaState.RUNNING);
            });
        });
        assertThat(handle.remote(Fragile::instance).result()).isNotEqualTo(firstInstance);
    }

    @Test
    void aConstructorThatKeepsThrowingShowsInStatusAndFailsCallsClearly() {
        var app = Serve.deployment(BrokenConstructor.class).bind("/models/iris.onnx");

        assertThatThrownBy(() -> Serve.run(app, "broken", null))
                .isInstanceOf(DeploymentFailedException.class)
                .hasMessageContaining("DEPLOY_FAILED")
                .hasMessageContaining("model file /models/iris.onnx is missing");

        ServeStatus.ApplicationOverview status = Serve.status().application("broken");
        assertThat(status.status()).isEqualTo(ApplicationStatus.DEPLOY_FAILED);
        var d = status.deployments().get("BrokenConstructor");
        assertThat(d.status()).isEqualTo(DeploymentStatus.UNHEALTHY);
        assertThat(d.message()).contains("failed to start 3 time(s)")
                .contains("java.lang.IllegalStateException: model file /models/iris.onnx is missing");

        DeploymentHandle<BrokenConstructor> handle = Serve.getAppHandle("broken");
        assertThatThrownBy(() -> handle.remote(BrokenConstructor::predict, "x").result(Duration.ofSeconds(10)))
                .isInstanceOf(DeploymentUnavailableException.class)
                .hasMessageContaining("failed to start");
    }
}
