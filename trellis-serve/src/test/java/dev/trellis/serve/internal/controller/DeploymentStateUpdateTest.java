package dev.trellis.serve.internal.controller;

import static dev.trellis.serve.internal.controller.Specs.deployment;
import static dev.trellis.serve.internal.controller.Specs.killed;
import static dev.trellis.serve.internal.controller.Specs.reconfigured;
import static dev.trellis.serve.internal.controller.Specs.started;
import static dev.trellis.serve.internal.controller.Specs.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.core.Resources;
import dev.trellis.serve.DeploymentStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DeploymentState} moving to a new target: user_config and limits in place, new code by
 * replacement, and scaling. Rolling waves: {@link DeploymentStateRollingUpdateTest}; every
 * in-place setting: {@link DeploymentStateInPlaceUpdateTest}.
 */
class DeploymentStateUpdateTest extends DeploymentStateTestSupport {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void userConfigChangeReconfiguresRunningReplicasInPlace() {
        var d = state(deployment("Model", o -> o.numReplicas(2).userConfig(Map.of("threshold", 1)), 1));
        var ids = startAll(d);

        d.update(deployment("Model", o -> o.numReplicas(2).userConfig(Map.of("threshold", 2)), 1));
        var actions = d.reconcile(now());

        assertThat(reconfigured(actions)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(actions).allSatisfy(a -> assertThat(a).isInstanceOfSatisfying(ReplicaAction.Reconfigure.class,
                r -> assertThat(r.userConfig()).isEqualTo(json.valueToTree(Map.of("threshold", 2)))));
    }

    @Test
    void userConfigChangeNeitherStopsNorStartsReplicas() {
        var d = state(deployment("Model", o -> o.numReplicas(2).userConfig(Map.of("threshold", 1)), 1));
        startAll(d);

        d.update(deployment("Model", o -> o.numReplicas(2).userConfig(Map.of("threshold", 2)), 1));
        var actions = d.reconcile(now());

        assertThat(started(actions)).isEmpty();
        assertThat(stopped(actions)).isEmpty();
        assertThat(killed(actions)).isEmpty();
    }

    @Test
    void confirmedReconfigureIsNotRepeated() {
        var d = state(deployment("Model", o -> o.userConfig(Map.of("threshold", 1)), 1));
        var id = startAll(d).getFirst();
        d.update(deployment("Model", o -> o.userConfig(Map.of("threshold", 2)), 1));
        d.reconcile(now());

        d.onReconfigured(id, true, "", json.valueToTree(Map.of("threshold", 2)), 5, now());

        assertThat(reconfigured(d.reconcile(now()))).isEmpty();
    }

    @Test
    void maxOngoingRequestsChangeIsAppliedInPlaceAndRepublished() {
        var d = state(deployment("Model", 1));
        var id = startAll(d).getFirst();
        long version = d.routingVersion();

        d.update(deployment("Model", o -> o.maxOngoingRequests(9), 1));
        var actions = d.reconcile(now());

        assertThat(actions).containsExactly(new ReplicaAction.Reconfigure(id, null, 9));
        assertThat(d.routingVersion()).isGreaterThan(version);
    }

    @Test
    void failedReconfigureReplacesTheReplica() {
        var d = state(deployment("Model", o -> o.userConfig(Map.of("threshold", 1)), 1));
        var id = startAll(d).getFirst();
        d.update(deployment("Model", o -> o.userConfig(Map.of("threshold", -1)), 1));
        d.reconcile(now());

        d.onReconfigured(id, false, "reconfigure threw: threshold must be positive", null, 5, now());
        var actions = d.reconcile(now());

        assertThat(stopped(actions)).containsExactly(id);
        assertThat(started(actions)).hasSize(1);
    }

    @Test
    void deploymentIsUpdatingUntilOldReplicasHaveStopped() {
        var d = state(deployment("Model", 1));
        startAll(d);
        d.update(deployment("Model", 2));
        started(d.reconcile(now())).forEach(id -> d.onStarted(id, now()));
        var old = stopped(d.reconcile(now()));

        assertThat(d.status()).isEqualTo(DeploymentStatus.UPDATING);
        old.forEach(id -> d.onStopped(id, now()));
        assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
    }

    @Test
    void codeUpdateCompletesWhenTheNodeCannotHoldOldAndNewReplicasAtOnce() {
        ledger = new ResourceLedger(Resources.of(1, 1));
        var d = state(deployment("Model", o -> o.numGpus(1), 1));
        var old = startAll(d).getFirst();

        d.update(deployment("Model", o -> o.numGpus(1), 2));
        for (int round = 0; round < 5; round++) {
            var actions = d.reconcile(now());
            stopped(actions).forEach(id -> d.onStopped(id, now()));
            started(actions).forEach(id -> d.onStarted(id, now()));
        }

        assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
        assertThat(d.routableReplicas()).singleElement().isNotEqualTo(old);
    }

    @Test
    void reAddingADeploymentThatWasBeingDeletedRepublishesRouting() {
        var d = state(deployment("Model", 1));
        startAll(d);
        d.markDeleting();
        d.reconcile(now());
        long version = d.routingVersion();

        d.update(deployment("Model", 1));

        assertThat(d.unavailableMessage()).isNull();
        assertThat(d.routingVersion()).isNotEqualTo(version);
    }

    @Test
    void newCodeAfterGivingUpRepublishesRouting() {
        var d = state(deployment("Model", 1));
        for (int i = 0; i < MAX_START_ATTEMPTS; i++) {
            started(d.reconcile(now())).forEach(id -> d.onStartFailed(id, "boom", now()));
        }
        long version = d.routingVersion();

        d.update(deployment("Model", 2));

        assertThat(d.unavailableMessage()).isNull();
        assertThat(d.routingVersion()).isNotEqualTo(version);
    }

    @Test
    void scaleDownStopsNotYetRunningReplicasFirst() {
        var d = state(deployment("Model", o -> o.numReplicas(3), 1));
        var ids = started(d.reconcile(now()));
        d.onStarted(ids.get(0), now());
        d.onStarted(ids.get(2), now());

        d.update(deployment("Model", o -> o.numReplicas(2), 1));
        var actions = d.reconcile(now());

        assertThat(stopped(actions)).containsExactly(ids.get(1));
        assertThat(d.routableReplicas()).containsExactly(ids.get(0), ids.get(2));
    }

    @Test
    void scaleDownStopsRunningReplicasWhenNoneIsStarting() {
        var d = state(deployment("Model", o -> o.numReplicas(3), 1));
        startAll(d);

        d.update(deployment("Model", o -> o.numReplicas(1), 1));
        var actions = d.reconcile(now());

        assertThat(stopped(actions)).hasSize(2);
        assertThat(d.routableReplicas()).hasSize(1);
    }

    @Test
    void scaleDownDropsPendingReplicasWithoutAStop() {
        ledger = new ResourceLedger(Resources.of(1, 0));
        var d = state(deployment("Model", o -> o.numReplicas(2).numCpus(1), 1));
        var running = started(d.reconcile(now()));
        running.forEach(id -> d.onStarted(id, now()));

        d.update(deployment("Model", o -> o.numReplicas(1).numCpus(1), 1));
        var actions = d.reconcile(now());

        assertThat(actions).isEmpty();
        assertThat(replicaStates(d).keySet()).containsExactlyElementsOf(running);
        assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
    }
}
