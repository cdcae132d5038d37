package dev.trellis.serve.internal.controller;

import static dev.trellis.serve.internal.controller.Specs.deployment;
import static dev.trellis.serve.internal.controller.Specs.started;
import static dev.trellis.serve.internal.controller.Specs.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Resources;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.ServeStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DeploymentState} starting a replica only once the node has its {@link Resources} free,
 * and saying why while it waits.
 */
class DeploymentStateResourcesTest extends DeploymentStateTestSupport {
    @Test
    void replicaThatDoesNotFitStaysPendingAllocation() {
        ledger = new ResourceLedger(Resources.of(2, 0));
        var big = state(deployment("Big", o -> o.numCpus(2), 1));
        var small = state(deployment("Small", o -> o.numCpus(1), 1));
        startAll(big);

        var actions = small.reconcile(now());

        assertThat(actions).isEmpty();
        assertThat(replicaStates(small).values()).containsExactly(ReplicaState.PENDING_ALLOCATION);
        assertThat(small.isBlockedOnResources()).isTrue();
        assertThat(small.status()).isEqualTo(DeploymentStatus.UPDATING);
    }

    @Test
    void pendingMessageNamesTheResourcesNeededAndFree() {
        ledger = new ResourceLedger(Resources.of(2, 0));
        startAll(state(deployment("Big", o -> o.numCpus(1.5), 1)));
        var small = state(deployment("Small", o -> o.numCpus(1), 1));

        small.reconcile(now());

        assertThat(small.message())
                .contains("'Small'")
                .contains("needs {CPU: 1, GPU: 0}")
                .contains("{CPU: 0.5, GPU: 0} free of {CPU: 2, GPU: 0}");
        assertThat(small.overview().replicas()).singleElement()
                .extracting(ServeStatus.ReplicaOverview::message).asString()
                .contains("{CPU: 1, GPU: 0}");
    }

    @Test
    void pendingReplicaWaitsWhileTheOtherReplicaIsOnlyStopping() {
        ledger = new ResourceLedger(Resources.of(2, 0));
        var big = state(deployment("Big", o -> o.numCpus(2), 1));
        var small = state(deployment("Small", o -> o.numCpus(1), 1));
        startAll(big);
        small.reconcile(now());

        big.markDeleting();
        big.reconcile(now());

        assertThat(small.reconcile(now())).isEmpty();
    }

    @Test
    void pendingReplicaStartsOnceAnotherDeploymentsReplicaStopsAndFreesResources() {
        ledger = new ResourceLedger(Resources.of(2, 0));
        var big = state(deployment("Big", o -> o.numCpus(2), 1));
        var small = state(deployment("Small", o -> o.numCpus(1), 1));
        startAll(big);
        small.reconcile(now());
        var pending = List.copyOf(replicaStates(small).keySet());
        big.markDeleting();
        stopped(big.reconcile(now())).forEach(id -> big.onStopped(id, now()));

        var actions = small.reconcile(now());

        assertThat(started(actions)).isEqualTo(pending);
        assertThat(small.isBlockedOnResources()).isFalse();
        assertThat(small.message()).isEmpty();
    }
}
