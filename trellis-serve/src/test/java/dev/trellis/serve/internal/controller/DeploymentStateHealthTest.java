package dev.trellis.serve.internal.controller;

import static dev.trellis.serve.internal.controller.Specs.deployment;
import static dev.trellis.serve.internal.controller.Specs.healthChecked;
import static dev.trellis.serve.internal.controller.Specs.killed;
import static dev.trellis.serve.internal.controller.Specs.started;
import static dev.trellis.serve.internal.controller.Specs.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link DeploymentState} health checks, timed by a {@link ManualClock}, and replacing replicas
 * that fail them or crash.
 */
class DeploymentStateHealthTest extends DeploymentStateTestSupport {
    @Test
    void healthCheckIsNotRequestedBeforeThePeriodHasPassed() {
        var d = state(deployment("Model", o -> o.healthCheckPeriod(Duration.ofSeconds(10)), 1));
        startAll(d);

        clock.advance(Duration.ofMillis(9_999));

        assertThat(healthChecked(d.reconcile(now()))).isEmpty();
    }

    @Test
    void healthCheckIsRequestedOnceThePeriodHasPassed() {
        var d = state(deployment("Model", o -> o.healthCheckPeriod(Duration.ofSeconds(10))
                .healthCheckTimeout(Duration.ofSeconds(3)), 1));
        var id = startAll(d).getFirst();

        clock.advance(Duration.ofSeconds(10));

        assertThat(d.reconcile(now())).containsExactly(new ReplicaAction.CheckHealth(id, Duration.ofSeconds(3)));
    }

    @Test
    void noSecondHealthCheckWhileOneIsInFlight() {
        var d = state(deployment("Model", o -> o.healthCheckPeriod(Duration.ofSeconds(10)), 1));
        startAll(d);
        clock.advance(Duration.ofSeconds(10));
        d.reconcile(now());

        clock.advance(Duration.ofSeconds(30));

        assertThat(healthChecked(d.reconcile(now()))).isEmpty();
    }

    @Test
    void nextHealthCheckIsAPeriodAfterTheLastResult() {
        var d = state(deployment("Model", o -> o.healthCheckPeriod(Duration.ofSeconds(10)), 1));
        var id = startAll(d).getFirst();
        clock.advance(Duration.ofSeconds(10));
        d.reconcile(now());
        clock.advance(Duration.ofSeconds(2));
        d.onHealthResult(id, true, "", now());

        clock.advance(Duration.ofSeconds(9));
        assertThat(healthChecked(d.reconcile(now()))).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(healthChecked(d.reconcile(now()))).containsExactly(id);
    }

    @Test
    void failedHealthCheckStopsTheReplicaAndStartsAReplacement() {
        var d = state(deployment("Model", 1));
        var id = startAll(d).getFirst();

        d.onHealthResult(id, false, "database unreachable", now());
        var actions = d.reconcile(now());

        assertThat(stopped(actions)).containsExactly(id);
        assertThat(started(actions)).singleElement().isNotEqualTo(id);
        assertThat(killed(actions)).isEmpty();
    }

    @Test
    void failedHealthCheckTakesTheReplicaOutOfRoutingAtOnce() {
        var d = state(deployment("Model", o -> o.numReplicas(2), 1));
        var ids = startAll(d);
        long version = d.routingVersion();

        d.onHealthResult(ids.get(0), false, "database unreachable", now());

        assertThat(d.routingVersion()).isNotEqualTo(version);
        assertThat(d.routableReplicas()).containsExactly(ids.get(1));
    }

    @Test
    void failedHealthCheckMessageIsShownUntilTheReplacementRuns() {
        var d = state(deployment("Model", 1));
        var id = startAll(d).getFirst();

        d.onHealthResult(id, false, "database unreachable", now());

        assertThat(d.message()).contains(id).contains("database unreachable");
    }

    @Test
    void crashedReplicaIsKilledNotStopped() {
        var d = state(deployment("Model", 1));
        var id = startAll(d).getFirst();

        d.onCrashed(id, "OutOfMemoryError", now());
        var actions = d.reconcile(now());

        assertThat(killed(actions)).containsExactly(id);
        assertThat(stopped(actions)).isEmpty();
    }

    @Test
    void crashedReplicaIsReplaced() {
        var d = state(deployment("Model", 1));
        var id = startAll(d).getFirst();

        d.onCrashed(id, "OutOfMemoryError", now());

        assertThat(started(d.reconcile(now()))).singleElement().isNotEqualTo(id);
    }

    @Test
    void aReplicaOnALostNodeIsKilledAndReplacedAtOnce() {
        var d = state(deployment("Model", o -> o.numReplicas(2)));
        var ids = startAll(d);
        String lost = ids.getFirst();

        d.onNodeLost(lost, "w1", now());
        var actions = d.reconcile(now());

        assertThat(killed(actions)).containsExactly(lost);
        assertThat(started(actions)).singleElement().isNotIn(ids);
        assertThat(d.routableReplicas()).containsExactly(ids.get(1));
        assertThat(d.stateOf(lost)).isEqualTo(dev.trellis.serve.ReplicaState.STOPPING);
        assertThat(d.overview().replicas()).filteredOn(r -> r.replicaId().equals(lost))
                .singleElement().satisfies(r -> assertThat(r.message()).contains("node w1", "failure detector lost"));
        // Healthy again once the replacement runs, though the lost one waits for its node's downing.
        assertThat(d.status()).isNotEqualTo(dev.trellis.serve.DeploymentStatus.HEALTHY);
        d.onStarted(started(actions).getFirst(), now());
        assertThat(d.status()).isEqualTo(dev.trellis.serve.DeploymentStatus.HEALTHY);
        // Its node is downed later: the stopped replica leaves, and nothing more starts.
        d.onStopped(lost, now());
        assertThat(started(d.reconcile(now()))).isEmpty();
    }
}
