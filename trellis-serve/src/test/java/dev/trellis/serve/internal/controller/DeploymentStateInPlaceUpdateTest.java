package dev.trellis.serve.internal.controller;

import static dev.trellis.serve.internal.controller.Specs.deployment;
import static dev.trellis.serve.internal.controller.Specs.healthChecked;
import static dev.trellis.serve.internal.controller.Specs.killed;
import static dev.trellis.serve.internal.controller.Specs.reconfigured;
import static dev.trellis.serve.internal.controller.Specs.started;
import static dev.trellis.serve.internal.controller.Specs.stopped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.core.Resources;
import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every option other than the code is applied to running replicas in place: no replica is
 * stopped, started or killed, and the new value is the one used from then on.
 */
class DeploymentStateInPlaceUpdateTest extends DeploymentStateTestSupport {
    private static final Consumer<DeploymentConfig.Builder> BASE = o -> o.numReplicas(2)
            .healthCheckPeriod(Duration.ofSeconds(10)).healthCheckTimeout(Duration.ofSeconds(30))
            .gracefulShutdownTimeout(Duration.ofSeconds(20)).gracefulShutdownWaitLoop(Duration.ofSeconds(2));

    private static com.fasterxml.jackson.databind.JsonNode json(Object value) {
        return new ObjectMapper().valueToTree(value);
    }

    private static DeploymentConfig.Builder base(DeploymentConfig.Builder o) {
        BASE.accept(o);
        return o;
    }

    static Stream<Named<Consumer<DeploymentConfig.Builder>>> configChanges() {
        return Stream.of(
                named("max_ongoing_requests", o -> o.maxOngoingRequests(9)),
                named("max_queued_requests", o -> o.maxQueuedRequests(7)),
                named("user_config", o -> o.userConfig(Map.of("threshold", 2))),
                named("health_check_period", o -> o.healthCheckPeriod(Duration.ofSeconds(3))),
                named("health_check_timeout", o -> o.healthCheckTimeout(Duration.ofSeconds(4))),
                named("graceful_shutdown_wait_loop", o -> o.gracefulShutdownWaitLoop(Duration.ofMillis(500))),
                named("graceful_shutdown_timeout", o -> o.gracefulShutdownTimeout(Duration.ofSeconds(5))),
                named("rolling_update_share", o -> o.rollingUpdateShare(1.0)),
                named("autoscaling_config", o -> o.autoscaling(a -> a.minReplicas(2).maxReplicas(6))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configChanges")
    void configChangeNeitherStopsNorStartsReplicas(Consumer<DeploymentConfig.Builder> change) {
        var d = state(deployment("Model", BASE, 1));
        var ids = startAll(d);

        var changed = deployment("Model", BASE, 1).config().toBuilder();
        change.accept(changed);
        d.update(new DeploymentSpec(Specs.APP, "Model", Specs.Model.class, null, List.of(1), changed.build()));
        var actions = d.reconcile(now());

        assertThat(started(actions)).isEmpty();
        assertThat(stopped(actions)).isEmpty();
        assertThat(killed(actions)).isEmpty();
        assertThat(d.routableReplicas()).isEqualTo(ids);
    }

    @Test
    void moreReplicasKeepTheRunningOnesAndStartOnlyTheDifference() {
        var d = state(deployment("Model", BASE, 1));
        var ids = startAll(d);

        d.update(deployment("Model", o -> base(o).numReplicas(5), 1));
        var actions = d.reconcile(now());

        assertThat(started(actions)).hasSize(3).doesNotContainAnyElementsOf(ids);
        assertThat(stopped(actions)).isEmpty();
        assertThat(d.routableReplicas()).isEqualTo(ids);
    }

    @Test
    void fewerReplicasStopOnlyTheSurplus() {
        var d = state(deployment("Model", o -> base(o).numReplicas(3), 1));
        var ids = startAll(d);

        d.update(deployment("Model", BASE, 1));
        var actions = d.reconcile(now());

        assertThat(stopped(actions)).hasSize(1);
        assertThat(started(actions)).isEmpty();
        assertThat(ids).containsAll(d.routableReplicas());
        assertThat(d.routableReplicas()).hasSize(2);
    }

    @Test
    void newHealthCheckPeriodIsUsedForRunningReplicas() {
        var d = state(deployment("Model", BASE, 1));
        var ids = startAll(d);

        d.update(deployment("Model", o -> base(o).healthCheckPeriod(Duration.ofSeconds(2)), 1));
        clock.advance(Duration.ofSeconds(2));

        assertThat(healthChecked(d.reconcile(now()))).isEqualTo(ids);
    }

    @Test
    void newHealthCheckTimeoutIsSentWithTheCheck() {
        var d = state(deployment("Model", o -> base(o).numReplicas(1), 1));
        var id = startAll(d).getFirst();

        d.update(deployment("Model", o -> base(o).numReplicas(1).healthCheckTimeout(Duration.ofSeconds(4)), 1));
        clock.advance(Duration.ofSeconds(10));

        assertThat(d.reconcile(now())).containsExactly(new ReplicaAction.CheckHealth(id, Duration.ofSeconds(4)));
    }

    @Test
    void newGracefulShutdownTimeoutAppliesToReplicasStartedBeforeIt() {
        var d = state(deployment("Model", BASE, 1));
        startAll(d);
        d.update(deployment("Model", o -> base(o).gracefulShutdownTimeout(Duration.ofSeconds(1)), 1));
        d.reconcile(now());
        d.markDeleting();
        var draining = stopped(d.reconcile(now()));

        clock.advance(Duration.ofSeconds(1));

        assertThat(killed(d.reconcile(now()))).isEqualTo(draining);
    }

    @Test
    void newGracefulShutdownTimeoutAppliesToReplicasAlreadyDraining() {
        var d = state(deployment("Model", BASE, 1));
        startAll(d);
        d.update(deployment("Model", o -> base(o).numReplicas(1), 1));
        var draining = stopped(d.reconcile(now()));
        clock.advance(Duration.ofSeconds(5));
        assertThat(killed(d.reconcile(now()))).isEmpty();

        d.update(deployment("Model", o -> base(o).numReplicas(1).gracefulShutdownTimeout(Duration.ofSeconds(5)), 1));

        assertThat(killed(d.reconcile(now()))).hasSize(1).isEqualTo(draining);
    }

    @Test
    void newGracefulShutdownWaitLoopIsSentWithTheDrain() {
        var d = state(deployment("Model", BASE, 1));
        startAll(d);

        d.update(deployment("Model", o -> base(o).numReplicas(1).gracefulShutdownWaitLoop(Duration.ofMillis(500)), 1));

        assertThat(d.reconcile(now())).filteredOn(ReplicaAction.Stop.class::isInstance).singleElement()
                .isInstanceOfSatisfying(ReplicaAction.Stop.class,
                        stop -> assertThat(stop.waitLoop()).isEqualTo(Duration.ofMillis(500)));
    }

    @Test
    void maxQueuedRequestsChangeIsRepublishedToRouters() {
        var d = state(deployment("Model", BASE, 1));
        startAll(d);
        long version = d.routingVersion();

        d.update(deployment("Model", o -> base(o).maxQueuedRequests(7), 1));

        assertThat(d.routingVersion()).isGreaterThan(version);
        assertThat(d.target().config().maxQueuedRequests()).isEqualTo(7);
    }

    @Test
    void replicaNotYetStartedStartsWithTheLatestUserConfigAndIsNotReconfigured() {
        ledger = new ResourceLedger(Resources.of(1, 0));
        var big = state(deployment("Big", o -> o.numCpus(1), 1));
        startAll(big);
        var d = state(deployment("Model", o -> o.numCpus(1).userConfig(Map.of("threshold", 1)), 1));
        d.reconcile(now());
        d.update(deployment("Model", o -> o.numCpus(1).userConfig(Map.of("threshold", 2)), 1));
        big.markDeleting();
        stopped(big.reconcile(now())).forEach(id -> big.onStopped(id, now()));

        var actions = d.reconcile(now());

        assertThat(actions).singleElement().isInstanceOfSatisfying(ReplicaAction.Start.class,
                start -> assertThat(start.spec().config().userConfig()).isEqualTo(json(Map.of("threshold", 2))));
        d.onStarted(actions.getFirst().replicaId(), now());
        assertThat(reconfigured(d.reconcile(now()))).isEmpty();
        assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
    }

    @Test
    void userConfigChangeWhileAReplicaStartsReconfiguresItOnceRunning() {
        var d = state(deployment("Model", o -> o.userConfig(Map.of("threshold", 1)), 1));
        var id = started(d.reconcile(now())).getFirst();

        d.update(deployment("Model", o -> o.userConfig(Map.of("threshold", 2)), 1));
        d.onStarted(id, now());

        assertThat(d.reconcile(now())).containsExactly(
                new ReplicaAction.Reconfigure(id, json(Map.of("threshold", 2)), 5));
    }
}
