package dev.trellis.serve.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.ServeStatus.ReplicaOverview;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ControllerMetrics}: what one pass of observations leaves in the registry. */
class ControllerMetricsTest {
    private final ServeMetrics serve = new ServeMetrics();
    private final ControllerMetrics metrics = new ControllerMetrics(serve);

    private double gauge(String name, String deployment) {
        return serve.registry().get(name).tag("deployment", deployment).gauge().value();
    }

    @Test
    void aPassSetsTargetRunningAndEachReplicasHealth() {
        metrics.observe("app", "Model", 3, 1, List.of(new ReplicaOverview("app#Model#1", ReplicaState.RUNNING, ""),
                new ReplicaOverview("app#Model#2", ReplicaState.STARTING, ""),
                new ReplicaOverview("app#Model#3", ReplicaState.UNHEALTHY, "")));
        metrics.observed(1);

        assertThat(gauge(ControllerMetrics.TARGET_REPLICAS, "Model")).isEqualTo(3);
        assertThat(gauge(ControllerMetrics.CURRENT_REPLICAS, "Model")).isEqualTo(1);
        assertThat(serve.registry().get(ControllerMetrics.REPLICA_HEALTHY).gauges())
                .extracting(g -> g.getId().getTag("replica") + "=" + g.value())
                .containsExactlyInAnyOrder("app#Model#1=1.0", "app#Model#2=0.0", "app#Model#3=0.0");
        assertThat(serve.registry().get(ControllerMetrics.APPLICATIONS).gauge().value()).isEqualTo(1);
        assertThat(serve.registry().get(ControllerMetrics.DEPLOYMENTS).gauge().value()).isEqualTo(1);
    }

    @Test
    void replicasAndDeploymentsNoLongerObservedLoseTheirMeters() {
        metrics.observe("app", "Model", 2, 2, List.of(new ReplicaOverview("app#Model#1", ReplicaState.RUNNING, ""),
                new ReplicaOverview("app#Model#2", ReplicaState.RUNNING, "")));
        metrics.observe("app", "Other", 1, 1, List.of(new ReplicaOverview("app#Other#1", ReplicaState.RUNNING, "")));
        metrics.replicaStarted("app", "Other");
        metrics.observed(1);

        metrics.observe("app", "Model", 1, 1, List.of(new ReplicaOverview("app#Model#2", ReplicaState.RUNNING, "")));
        metrics.observed(1);

        assertThat(serve.registry().find(ControllerMetrics.REPLICA_HEALTHY).gauges())
                .extracting(g -> g.getId().getTag("replica")).containsExactly("app#Model#2");
        assertThat(serve.registry().find(ControllerMetrics.TARGET_REPLICAS).tag("deployment", "Other").gauge()).isNull();
        assertThat(serve.registry().find(ControllerMetrics.REPLICA_STARTS).tag("deployment", "Other").counter()).isNull();
        assertThat(serve.registry().get(ControllerMetrics.DEPLOYMENTS).gauge().value()).isEqualTo(1);
    }

    @Test
    void replicaStartsAndLoopPassesAreCounted() {
        metrics.replicaStarted("app", "Model");
        metrics.replicaStarted("app", "Model");
        metrics.loopPassed(2_000_000);

        assertThat(serve.registry().get(ControllerMetrics.REPLICA_STARTS).counter().count()).isEqualTo(2);
        assertThat(serve.registry().get(ControllerMetrics.LOOP_DURATION).timer().count()).isEqualTo(1);
    }
}
