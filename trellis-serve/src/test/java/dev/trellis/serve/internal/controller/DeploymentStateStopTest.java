package dev.trellis.serve.internal.controller;

import static dev.trellis.serve.internal.controller.Specs.deployment;
import static dev.trellis.serve.internal.controller.Specs.killed;
import static dev.trellis.serve.internal.controller.Specs.started;
import static dev.trellis.serve.internal.controller.Specs.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.ManualClock;
import dev.trellis.core.Resources;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link DeploymentState} draining replicas, killing those that overrun graceful_shutdown_timeout
 * on the {@link ManualClock}, and deleting.
 */
class DeploymentStateStopTest extends DeploymentStateTestSupport {
    @Test
    void stoppingReplicaWithinGracefulShutdownTimeoutIsNotKilled() {
        var d = state(deployment("Model", o -> o.gracefulShutdownTimeout(Duration.ofSeconds(20)), 1));
        startAll(d);
        d.markDeleting();
        d.reconcile(now());

        clock.advance(Duration.ofMillis(19_999));

        assertThat(killed(d.reconcile(now()))).isEmpty();
    }

    @Test
    void stoppingReplicaPastGracefulShutdownTimeoutIsKilled() {
        var d = state(deployment("Model", o -> o.gracefulShutdownTimeout(Duration.ofSeconds(20)), 1));
        var id = startAll(d).getFirst();
        d.markDeleting();
        d.reconcile(now());

        clock.advance(Duration.ofSeconds(20));

        assertThat(d.reconcile(now())).containsExactly(new ReplicaAction.Kill(id));
    }

    @Test
    void overdueReplicaIsKilledOnlyOnce() {
        var d = state(deployment("Model", o -> o.gracefulShutdownTimeout(Duration.ofSeconds(20)), 1));
        startAll(d);
        d.markDeleting();
        d.reconcile(now());
        clock.advance(Duration.ofSeconds(20));
        d.reconcile(now());

        clock.advance(Duration.ofSeconds(20));

        assertThat(d.reconcile(now())).isEmpty();
    }

    @Test
    void deletingStopsEveryReplica() {
        var d = state(deployment("Model", o -> o.numReplicas(3), 1));
        var ids = startAll(d);

        d.markDeleting();
        var actions = d.reconcile(now());

        assertThat(stopped(actions)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(d.routableReplicas()).isEmpty();
        assertThat(d.unavailableMessage()).contains("app#Model").contains("deleted");
    }

    @Test
    void deletedDeploymentIsGoneOnlyAfterEveryReplicaStopped() {
        var d = state(deployment("Model", o -> o.numReplicas(3), 1));
        startAll(d);
        d.markDeleting();
        var ids = stopped(d.reconcile(now()));

        d.onStopped(ids.get(0), now());
        d.onStopped(ids.get(1), now());
        assertThat(d.isGone()).isFalse();
        d.onStopped(ids.get(2), now());
        assertThat(d.isGone()).isTrue();
    }

    @Test
    void deletingFreesTheResourcesOfStoppedReplicas() {
        ledger = new ResourceLedger(Resources.of(4, 0));
        var d = state(deployment("Model", o -> o.numReplicas(2).numCpus(2), 1));
        startAll(d);
        d.markDeleting();

        stopped(d.reconcile(now())).forEach(id -> d.onStopped(id, now()));

        assertThat(ledger.free()).isEqualTo(Resources.of(4, 0));
    }

    @Test
    void replicaThatStopsUnexpectedlyIsReplaced() {
        var d = state(deployment("Model", 1));
        var id = startAll(d).getFirst();

        d.onStopped(id, now());

        assertThat(d.routableReplicas()).isEmpty();
        assertThat(started(d.reconcile(now()))).singleElement().isNotEqualTo(id);
    }
}
