package dev.trellis.serve.internal.controller;

import static dev.trellis.serve.internal.controller.Specs.deployment;
import static dev.trellis.serve.internal.controller.Specs.started;
import static dev.trellis.serve.internal.controller.Specs.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.AutoscalingConfig;
import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link DeploymentState} with an autoscaling config: the autoscaler's target replaces
 * num_replicas, scaling up starts replicas, scaling down drains the least-loaded ones, zero
 * replicas is a healthy deployment, and the status shows the scaling.
 */
class DeploymentStateAutoscalingTest extends DeploymentStateTestSupport {

    /** 1 ongoing request per replica, no delays, 0 to 5 replicas unless changed. */
    private static DeploymentSpec autoscaled(Consumer<AutoscalingConfig.Builder> changes) {
        return autoscaled(changes, 1);
    }

    /** The same, with constructor argument {@code initArg} (a different value is new code). */
    private static DeploymentSpec autoscaled(Consumer<AutoscalingConfig.Builder> changes, int initArg) {
        Consumer<DeploymentConfig.Builder> options = o -> o.autoscaling(a -> {
            a.minReplicas(0).maxReplicas(5).targetOngoingRequests(1).upscaleDelay(Duration.ZERO)
                    .downscaleDelay(Duration.ZERO).metricsInterval(Duration.ofSeconds(1))
                    .lookBackPeriod(Duration.ofSeconds(1));
            changes.accept(a);
        });
        return deployment("Model", options, initArg);
    }

    @Test
    void startsInitialReplicasAndShowsThemAsTheTarget() {
        var d = state(autoscaled(a -> a.initialReplicas(2)));

        assertThat(startAll(d)).hasSize(2);
        assertThat(d.targetReplicas()).isEqualTo(2);
        assertThat(d.overview().targetReplicas()).isEqualTo(2);
        assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
    }

    @Test
    void zeroReplicasIsAHealthyDeployment() {
        var d = state(autoscaled(a -> a.initialReplicas(0)));

        assertThat(d.reconcile(now())).isEmpty();
        assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
        assertThat(d.unavailableMessage()).isNull();
        assertThat(d.overview().targetReplicas()).isZero();
    }

    @Test
    void scalingUpStartsReplicasAndShowsUpscalingUntilTheyRun() {
        var d = state(autoscaled(a -> a.initialReplicas(1)));
        var first = startAll(d).getFirst();
        d.onLoadReport("node", 2, Map.of(first, 1), now());

        var decision = d.autoscale(now());
        var added = started(d.reconcile(now()));

        assertThat(decision.to()).isEqualTo(3);
        assertThat(added).hasSize(2);
        assertThat(d.status()).isEqualTo(DeploymentStatus.UPSCALING);
        assertThat(d.message()).isEqualTo("Upscaling from 1 to 3 replicas: 3.00 ongoing requests, target 1 per replica.");
        added.forEach(id -> d.onStarted(id, now()));
        d.reconcile(now());
        assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
        assertThat(d.message()).isEmpty();
    }

    @Test
    void scalingDownDrainsTheLeastLoadedRunningReplicas() {
        var d = state(autoscaled(a -> a.initialReplicas(3)));
        var ids = startAll(d);
        d.onLoadReport("node", 0, Map.of(ids.get(0), 1, ids.get(1), 0, ids.get(2), 0), now());

        assertThat(d.autoscale(now()).to()).isEqualTo(1);
        var actions = d.reconcile(now());

        assertThat(stopped(actions)).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        assertThat(d.routableReplicas()).containsExactly(ids.get(0));
        assertThat(d.status()).isEqualTo(DeploymentStatus.DOWNSCALING);
    }

    @Test
    void waitingRequestsStartAReplicaAtOnceFromZero() {
        var d = state(autoscaled(a -> a.initialReplicas(0).upscaleDelay(Duration.ofMinutes(10))));
        d.reconcile(now());

        var decision = d.onRequestsWaiting(now());

        assertThat(decision).isNotNull();
        assertThat(started(d.reconcile(now()))).hasSize(1);
        assertThat(d.onRequestsWaiting(now())).as("already scaling up").isNull();
    }

    @Test
    void turningAutoscalingOnKeepsTheCurrentCountWithinTheBounds() {
        var d = state(deployment("Model", o -> o.numReplicas(4), 1));
        startAll(d);

        d.update(deployment("Model", o -> o.autoscaling(a -> a.minReplicas(1).maxReplicas(3)), 1));

        assertThat(d.targetReplicas()).isEqualTo(3);
        assertThat(stopped(d.reconcile(now()))).hasSize(1);
    }

    @Test
    void turningAutoscalingOffGoesBackToNumReplicas() {
        var d = state(autoscaled(a -> a.initialReplicas(3)));
        startAll(d);

        d.update(deployment("Model", o -> o.numReplicas(2), 1));

        assertThat(d.targetReplicas()).isEqualTo(2);
        assertThat(d.autoscale(now())).isNull();
        assertThat(stopped(d.reconcile(now()))).hasSize(1);
    }

    @Test
    void aFailingPolicyShowsInTheMessage() {
        var d = state(autoscaled(a -> a.initialReplicas(1).policy(context -> {
            throw new IllegalStateException("metrics store down");
        })));
        startAll(d);

        d.autoscale(now());

        assertThat(d.message()).contains("metrics store down");
        assertThat(d.autoscalingProblem()).contains("metrics store down");
        assertThat(d.targetReplicas()).isEqualTo(1);
    }

    @Test
    void aScaledToZeroDeploymentStaysAtZeroAcrossACodeUpdate() {
        var d = state(autoscaled(a -> a.initialReplicas(1)));
        startAll(d);
        d.autoscale(now());
        stopped(d.reconcile(now())).forEach(id -> d.onStopped(id, now()));
        assertThat(d.targetReplicas()).isZero();

        d.update(autoscaled(a -> a.initialReplicas(1), 2));

        assertThat(started(d.reconcile(now()))).isEmpty();
        assertThat(replicaStates(d)).isEmpty();
        assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
    }

    @Test
    void autoscalingStopsWhileTheDeploymentIsDeleted() {
        var d = state(autoscaled(a -> a.initialReplicas(2)));
        startAll(d);
        d.markDeleting();

        assertThat(d.autoscale(now())).isNull();
        assertThat(d.onRequestsWaiting(now())).isNull();
        assertThat(replicaStates(d).values()).allMatch(s -> s == ReplicaState.RUNNING);
    }
}
