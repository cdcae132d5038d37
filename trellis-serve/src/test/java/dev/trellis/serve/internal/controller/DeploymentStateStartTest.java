package dev.trellis.serve.internal.controller;

import static dev.trellis.serve.internal.controller.Specs.deployment;
import static dev.trellis.serve.internal.controller.Specs.started;
import static dev.trellis.serve.internal.controller.Specs.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.ManualClock;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.ReplicaState;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DeploymentState} starting replicas, and giving up when constructors keep failing.
 * Driven by events and a {@link ManualClock}; no actors.
 */
class DeploymentStateStartTest extends DeploymentStateTestSupport {
    @Test
    void firstReconcileStartsNumReplicasReplicas() {
        var spec = deployment("Model", o -> o.numReplicas(3), 1);
        var d = state(spec);

        var actions = d.reconcile(now());

        assertThat(actions).hasSize(3).allSatisfy(a -> assertThat(a)
                .isInstanceOfSatisfying(ReplicaAction.Start.class, s -> assertThat(s.spec()).isEqualTo(spec)));
        assertThat(started(actions)).doesNotHaveDuplicates().allMatch(id -> id.startsWith("app#Model#"));
    }

    @Test
    void startedReplicasAreNotRoutableUntilTheyReportStarted() {
        var d = state(deployment("Model", o -> o.numReplicas(2), 1));

        var ids = started(d.reconcile(now()));

        assertThat(d.routableReplicas()).isEmpty();
        assertThat(replicaStates(d)).containsOnly(Map.entry(ids.get(0), ReplicaState.STARTING),
                Map.entry(ids.get(1), ReplicaState.STARTING));
    }

    @Test
    void replicaBecomesRoutableWhenItReportsStarted() {
        var d = state(deployment("Model", o -> o.numReplicas(2), 1));
        var ids = started(d.reconcile(now()));
        long version = d.routingVersion();

        d.onStarted(ids.get(0), now());

        assertThat(d.routableReplicas()).containsExactly(ids.get(0));
        assertThat(d.routingVersion()).isGreaterThan(version);
    }

    @Test
    void secondReconcileStartsNothingMore() {
        var d = state(deployment("Model", o -> o.numReplicas(2), 1));
        d.reconcile(now());

        assertThat(d.reconcile(now())).isEmpty();
    }

    @Test
    void deploymentIsUpdatingWhileSomeReplicasAreStarting() {
        var d = state(deployment("Model", o -> o.numReplicas(2), 1));
        var ids = started(d.reconcile(now()));

        d.onStarted(ids.get(0), now());

        assertThat(d.status()).isEqualTo(DeploymentStatus.UPDATING);
    }

    @Test
    void deploymentIsHealthyWhenAllReplicasRun() {
        var d = state(deployment("Model", o -> o.numReplicas(2), 1));

        startAll(d);

        assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
        assertThat(d.message()).isEmpty();
        assertThat(d.unavailableMessage()).isNull();
    }

    @Test
    void scaleUpStartsOnlyTheMissingReplicas() {
        var d = state(deployment("Model", o -> o.numReplicas(1), 1));
        startAll(d);

        d.update(deployment("Model", o -> o.numReplicas(3), 1));
        var actions = d.reconcile(now());

        assertThat(started(actions)).hasSize(2);
        assertThat(stopped(actions)).isEmpty();
    }

    @Test
    void failedConstructorIsRetriedWithANewReplica() {
        var d = state(deployment("Model", 1));
        var first = started(d.reconcile(now())).getFirst();

        d.onStartFailed(first, "IllegalStateException: boom", now());
        var retry = started(d.reconcile(now()));

        assertThat(retry).singleElement().isNotEqualTo(first);
        assertThat(d.status()).isEqualTo(DeploymentStatus.UPDATING);
    }

    @Test
    void deploymentIsUnhealthyAfterMaxStartAttemptsFailuresInARow() {
        var d = state(deployment("Model", 1));

        failStarts(d, MAX_START_ATTEMPTS, "IllegalStateException: boom");

        assertThat(d.status()).isEqualTo(DeploymentStatus.UNHEALTHY);
        assertThat(d.message()).contains("3 time(s) in a row").contains("IllegalStateException: boom");
    }

    @Test
    void noMoreStartsAfterGivingUp() {
        var d = state(deployment("Model", 1));
        failStarts(d, MAX_START_ATTEMPTS, "boom");

        clock.advance(Duration.ofHours(1));

        assertThat(d.reconcile(now())).isEmpty();
    }

    @Test
    void deploymentThatGaveUpIsUnavailableWithTheFailure() {
        var d = state(deployment("Model", 1));

        failStarts(d, MAX_START_ATTEMPTS, "IllegalStateException: boom");

        assertThat(d.unavailableMessage()).contains("app#Model").contains("IllegalStateException: boom");
    }

    @Test
    void startFailuresCountOnlyInARow() {
        var d = state(deployment("Model", o -> o.numReplicas(2), 1));
        var wave1 = started(d.reconcile(now()));
        wave1.forEach(id -> d.onStartFailed(id, "boom", now()));
        var wave2 = started(d.reconcile(now()));
        d.onStarted(wave2.get(0), now());
        d.onStartFailed(wave2.get(1), "boom", now());
        d.onStartFailed(started(d.reconcile(now())).getFirst(), "boom", now());

        assertThat(started(d.reconcile(now()))).hasSize(1);
        assertThat(d.status()).isEqualTo(DeploymentStatus.UPDATING);
    }

    @Test
    void defaultMaxStartAttemptsIsThreeTimesNumReplicas() {
        var d = new DeploymentState(deployment("Model", 1), ledger, -1);

        failStarts(d, 2, "boom");
        assertThat(d.status()).isEqualTo(DeploymentStatus.UPDATING);
        failStarts(d, 1, "boom");
        assertThat(d.status()).isEqualTo(DeploymentStatus.UNHEALTHY);
    }

    @Test
    void newCodeIsTriedAgainAfterGivingUp() {
        var d = state(deployment("Model", 1));
        failStarts(d, MAX_START_ATTEMPTS, "boom");

        d.update(deployment("Model", 2));

        assertThat(started(d.reconcile(now()))).hasSize(1);
        assertThat(d.unavailableMessage()).isNull();
    }

    private void failStarts(DeploymentState d, int times, String message) {
        for (int i = 0; i < times; i++) {
            started(d.reconcile(now())).forEach(id -> d.onStartFailed(id, message, now()));
        }
    }
}
