package dev.trellis.serve.internal.controller;

import static dev.trellis.serve.internal.controller.Specs.deployment;
import static dev.trellis.serve.internal.controller.Specs.started;
import static dev.trellis.serve.internal.controller.Specs.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Resources;
import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link DeploymentState} rolling new code over old in waves of {@code rolling_update_share}:
 * wave sizes, the order of starts and stops, the target honoured mid-roll, a newer version
 * mid-roll, a version that fails to start, and a node too small to hold old and new at once.
 */
class DeploymentStateRollingUpdateTest extends DeploymentStateTestSupport {

    /** Version {@code version} of the deployment: the init arg is the code. */
    private static DeploymentSpec version(int version, int replicas, double share) {
        return deployment("Model", o -> o.numReplicas(replicas).rollingUpdateShare(share), version);
    }

    /** The code version each replica was started with, kept after it stopped. */
    private final Map<String, Integer> versions = new HashMap<>();

    private int versionOf(DeploymentState d, String replicaId) {
        return versions.get(replicaId);
    }

    private List<ReplicaAction> noteVersions(List<ReplicaAction> actions) {
        for (ReplicaAction a : actions) {
            if (a instanceof ReplicaAction.Start start) {
                versions.put(start.replicaId(), (Integer) start.spec().initArgs().getFirst());
            }
        }
        return actions;
    }

    /**
     * Plays the controller: each tick reconciles, finishes drains at once, and keeps the replicas
     * it started as starting until the test reports them started (one at a time, or failed).
     */
    private final class Controller {
        final DeploymentState d;
        final Deque<String> starting = new ArrayDeque<>();
        final List<String> everStopped = new ArrayList<>();

        Controller(DeploymentState d) {
            this.d = d;
        }

        List<ReplicaAction> tick() {
            var actions = noteVersions(d.reconcile(now()));
            starting.addAll(started(actions));
            for (String id : stopped(actions)) {
                starting.remove(id);
                everStopped.add(id);
                d.onStopped(id, now());
            }
            return actions;
        }

        void startOne() {
            d.onStarted(starting.pollFirst(), now());
        }

        long running(int version) {
            return d.routableReplicas().stream().filter(id -> versionOf(d, id) == version).count();
        }

        /** Starts one replica per tick until every routable replica runs {@code version} and the deployment is HEALTHY. */
        void rollTo(int version, int target, int wave) {
            rollTo(version, target, wave, target);
        }

        void rollTo(int version, int target, int wave, int minRunning) {
            for (int round = 0; round < 10 * target + 10; round++) {
                tick();
                assertThat(d.routableReplicas()).as("replicas running during the roll").hasSizeGreaterThanOrEqualTo(minRunning);
                assertThat(starting).as("new replicas starting at once").hasSizeLessThanOrEqualTo(wave);
                if (starting.isEmpty() && d.status() == DeploymentStatus.HEALTHY) {
                    break;
                }
                if (!starting.isEmpty()) {
                    startOne();
                }
            }
            assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
            assertThat(d.routableReplicas()).hasSize(target).allSatisfy(id -> assertThat(versionOf(d, id)).isEqualTo(version));
        }
    }

    private Controller deployed(int replicas, double share) {
        var c = new Controller(state(version(1, replicas, share)));
        c.tick();
        while (!c.starting.isEmpty()) {
            c.startOne();
        }
        return c;
    }

    @ParameterizedTest(name = "share {0} of {1} replicas starts {2} at a time")
    @CsvSource({"0.2, 1, 1", "0.2, 5, 1", "0.2, 10, 2", "0.5, 1, 1", "0.5, 5, 3", "0.5, 10, 5",
            "1.0, 1, 1", "1.0, 5, 5", "1.0, 10, 10", "0.3, 10, 3"})
    void firstWaveIsTheShareOfTheTargetRoundedUp(double share, int replicas, int wave) {
        var c = deployed(replicas, share);

        c.d.update(version(2, replicas, share));
        var actions = c.tick();

        assertThat(started(actions)).hasSize(wave);
        assertThat(stopped(actions)).isEmpty();
        assertThat(c.running(1)).isEqualTo(replicas);
    }

    @ParameterizedTest(name = "share {0} of {1} replicas")
    @CsvSource({"0.2, 1, 1", "0.2, 5, 1", "0.2, 10, 2", "0.5, 1, 1", "0.5, 5, 3", "0.5, 10, 5",
            "1.0, 1, 1", "1.0, 5, 5", "1.0, 10, 10"})
    void rollKeepsTheTargetRunningAndAtMostOneWaveStarting(double share, int replicas, int wave) {
        var c = deployed(replicas, share);

        c.d.update(version(2, replicas, share));

        c.rollTo(2, replicas, wave);
    }

    @Test
    void eachNewReplicaThatRunsDrainsOneOldReplicaAndStartsTheNext() {
        var c = deployed(4, 0.25);
        c.d.update(version(2, 4, 0.25));
        var first = started(c.tick());

        c.d.onStarted(first.getFirst(), now());
        var actions = noteVersions(c.d.reconcile(now()));

        assertThat(stopped(actions)).singleElement().satisfies(id -> assertThat(versionOf(c.d, id)).isEqualTo(1));
        assertThat(started(actions)).singleElement().satisfies(id -> assertThat(versionOf(c.d, id)).isEqualTo(2));
        assertThat(c.d.routableReplicas()).hasSize(4);
    }

    @Test
    void oldReplicasAreNotStoppedBeforeAnyNewReplicaRuns() {
        var c = deployed(4, 1.0);
        c.d.update(version(2, 4, 1.0));
        c.tick();

        for (int i = 0; i < 3; i++) {
            assertThat(stopped(c.tick())).isEmpty();
        }
        assertThat(c.running(1)).isEqualTo(4);
    }

    @Test
    void statusSaysHowManyReplicasAreUpdated() {
        var c = deployed(4, 0.25);
        c.d.update(version(2, 4, 0.25));
        c.tick();
        c.startOne();
        c.d.reconcile(now());

        assertThat(c.d.status()).isEqualTo(DeploymentStatus.UPDATING);
        assertThat(c.d.message()).isEqualTo("rolling update: 1 of 4 replicas updated, 1 old replica(s) draining");
    }

    @Test
    void scalingUpMidRollStartsTheMissingReplicasWithTheNewCodeAtOnce() {
        var c = deployed(4, 0.25);
        c.d.update(version(2, 4, 0.25));
        c.tick();
        c.startOne();
        c.tick();

        c.d.update(version(2, 8, 0.25));
        var actions = c.tick();

        // 4 missing to reach 8, plus a wave of 2, beside the new replica running and the one starting.
        assertThat(started(actions)).hasSize(5);
        assertThat(stopped(actions)).isEmpty();
        c.rollTo(2, 8, 7, 4);
    }

    @Test
    void scalingDownMidRollDrainsOldReplicasFirst() {
        var c = deployed(4, 0.25);
        c.d.update(version(2, 4, 0.25));
        c.tick();
        c.startOne();
        c.tick();
        var newReplicas = c.d.routableReplicas().stream().filter(id -> versionOf(c.d, id) == 2).toList();

        c.d.update(version(2, 2, 0.25));
        var actions = c.tick();

        assertThat(stopped(actions)).hasSize(2).allSatisfy(id -> assertThat(versionOf(c.d, id)).isEqualTo(1));
        assertThat(c.d.routableReplicas()).hasSize(2).containsAll(newReplicas);
        c.rollTo(2, 2, 1);
    }

    @Test
    void autoscalerRaisingTheTargetMidRollIsHonouredWithTheNewCode() {
        Consumer<DeploymentConfig.Builder> options = o -> o.rollingUpdateShare(0.5).autoscaling(a -> a
                .minReplicas(1).maxReplicas(8).initialReplicas(2).targetOngoingRequests(1)
                .upscaleDelay(Duration.ZERO).downscaleDelay(Duration.ZERO)
                .metricsInterval(Duration.ofSeconds(1)).lookBackPeriod(Duration.ofSeconds(1)));
        var c = new Controller(state(deployment("Model", options, 1)));
        c.tick();
        while (!c.starting.isEmpty()) {
            c.startOne();
        }
        c.d.update(deployment("Model", options, 2));
        assertThat(started(c.tick())).hasSize(1);

        var inFlight = new HashMap<String, Integer>();
        c.d.routableReplicas().forEach(id -> inFlight.put(id, 3));
        c.d.onLoadReport("node-1", 0, inFlight, now());
        assertThat(c.d.autoscale(now())).isNotNull();
        assertThat(c.d.targetReplicas()).isEqualTo(6);

        var actions = c.tick();
        assertThat(started(actions)).hasSize(5).allSatisfy(id -> assertThat(versionOf(c.d, id)).isEqualTo(2));
        assertThat(stopped(actions)).isEmpty();
        c.rollTo(2, 6, 6, 2);
    }

    @Test
    void newerVersionMidRollReplacesBothOlderVersions() {
        var c = deployed(4, 0.5);
        c.d.update(version(2, 4, 0.5));
        c.tick();
        c.startOne();
        c.tick();
        assertThat(c.running(2)).isEqualTo(1);
        assertThat(c.starting).isNotEmpty();

        c.d.update(version(3, 4, 0.5));
        var actions = c.tick();

        assertThat(stopped(actions)).as("version 2 replicas not yet running go at once")
                .isNotEmpty().allSatisfy(id -> assertThat(versionOf(c.d, id)).isEqualTo(2));
        c.rollTo(3, 4, 2);
        assertThat(c.everStopped).hasSize(4 + 2 + 1);
    }

    @Test
    void rollingBackMidRollKeepsTheOriginalReplicas() {
        var c = deployed(4, 0.25);
        var original = List.copyOf(c.d.routableReplicas());
        c.d.update(version(2, 4, 0.25));
        c.tick();

        c.d.update(version(1, 4, 0.25));
        var actions = c.tick();

        assertThat(stopped(actions)).hasSize(1).allSatisfy(id -> assertThat(versionOf(c.d, id)).isEqualTo(2));
        assertThat(started(actions)).isEmpty();
        assertThat(c.d.routableReplicas()).isEqualTo(original);
        assertThat(c.d.status()).isEqualTo(DeploymentStatus.HEALTHY);
    }

    @Test
    void versionThatFailsToStartLeavesTheOldReplicasServing() {
        var c = deployed(2, 0.5);
        var old = List.copyOf(c.d.routableReplicas());
        c.d.update(version(2, 2, 0.5));

        for (int round = 0; round < 10; round++) {
            c.tick();
            while (!c.starting.isEmpty()) {
                c.d.onStartFailed(c.starting.pollFirst(), "constructor threw: model file missing", now());
            }
        }

        assertThat(c.everStopped).isEmpty();
        assertThat(c.d.routableReplicas()).isEqualTo(old);
        assertThat(c.d.unavailableMessage()).isNull();
        assertThat(c.d.status()).isEqualTo(DeploymentStatus.UNHEALTHY);
        assertThat(c.d.message()).contains("failed to start").contains("model file missing");
        assertThat(started(c.tick())).as("given up: no more attempts").isEmpty();
    }

    @Test
    void rollOnANodeThatHoldsOnlyTheTargetReplacesOneOldReplicaAtATime() {
        ledger = new ResourceLedger(Resources.of(4, 0));
        var d = state(deployment("Model", o -> o.numReplicas(4).numCpus(1).rollingUpdateShare(0.5), 1));
        var c = new Controller(d);
        noteVersions(d.reconcile(now())).forEach(start -> d.onStarted(start.replicaId(), now()));
        d.update(deployment("Model", o -> o.numReplicas(4).numCpus(1).rollingUpdateShare(0.5), 2));

        for (int round = 0; round < 40 && d.status() != DeploymentStatus.HEALTHY; round++) {
            var actions = noteVersions(d.reconcile(now()));
            c.starting.addAll(started(actions));
            assertThat(stopped(actions)).as("old replicas drained at once").hasSizeLessThanOrEqualTo(1);
            assertThat(d.routableReplicas()).hasSizeGreaterThanOrEqualTo(3);
            // A drain takes a tick: the stopped replica frees its resources only on the next one.
            replicaStates(d).forEach((id, state) -> {
                if (state == ReplicaState.STOPPING && !stopped(actions).contains(id)) {
                    d.onStopped(id, now());
                }
            });
            while (!c.starting.isEmpty()) {
                c.startOne();
            }
        }

        assertThat(d.status()).isEqualTo(DeploymentStatus.HEALTHY);
        assertThat(d.routableReplicas()).hasSize(4).allSatisfy(id -> assertThat(versionOf(d, id)).isEqualTo(2));
    }

    @Test
    void waveSizeIsZeroForATargetOfZero() {
        assertThat(RollingUpdate.waveSize(0.2, 0)).isZero();
        assertThat(RollingUpdate.currentReplicasWanted(0, 0.2, 0, 3)).isZero();
        assertThat(RollingUpdate.oldReplicasToStop(0, 0, 3)).isEqualTo(3);
    }
}
