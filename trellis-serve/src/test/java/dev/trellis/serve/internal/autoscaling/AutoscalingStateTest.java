package dev.trellis.serve.internal.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.ManualClock;
import dev.trellis.serve.AutoscalingConfig;
import dev.trellis.serve.AutoscalingConfig.AggregationFunction;
import dev.trellis.serve.AutoscalingContext;
import dev.trellis.serve.AutoscalingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link AutoscalingState} on a {@link ManualClock}: the built-in policy's decisions, the delays
 * and their resets, clamping, to and from zero, factors, aggregation and custom policies.
 * Defaults here: target 1 ongoing request per replica, 1 to 10 replicas, upscale delay 10 s,
 * downscale delay 60 s, look-back 30 s, reports every second.
 */
class AutoscalingStateTest {
    private static final Duration UPSCALE_DELAY = Duration.ofSeconds(10);
    private static final Duration DOWNSCALE_DELAY = Duration.ofSeconds(60);

    private final ManualClock clock = new ManualClock();

    private static AutoscalingConfig config(Consumer<AutoscalingConfig.Builder> changes) {
        var b = AutoscalingConfig.builder().minReplicas(1).maxReplicas(10).targetOngoingRequests(1)
                .upscaleDelay(UPSCALE_DELAY).downscaleDelay(DOWNSCALE_DELAY)
                .metricsInterval(Duration.ofSeconds(1)).lookBackPeriod(Duration.ofSeconds(30));
        changes.accept(b);
        return b.build();
    }

    private AutoscalingState state(Consumer<AutoscalingConfig.Builder> changes) {
        return AutoscalingState.forNewDeployment("app", "Model", config(changes));
    }

    /** Reports {@code ongoing} calls queued, then runs one tick with {@code running} replicas. */
    private ScalingDecision tick(AutoscalingState s, int running, int ongoing) {
        s.recordLoad("node", ongoing, Map.of(), clock.instant());
        return s.decide(clock.instant(), running);
    }

    /** Ticks every second for {@code duration} (inclusive of its end) under constant load; returns every change made. */
    private List<ScalingDecision> hold(AutoscalingState s, int ongoing, Duration duration) {
        var decisions = new ArrayList<ScalingDecision>();
        Instant end = clock.instant().plus(duration);
        while (true) {
            var d = tick(s, s.targetReplicas(), ongoing);
            if (d != null) {
                decisions.add(d);
            }
            if (!clock.instant().isBefore(end)) {
                return decisions;
            }
            clock.advance(Duration.ofSeconds(1));
        }
    }

    // ---- start ----

    @Test
    void startsAtInitialReplicasOrAtMinReplicasWhenUnset() {
        assertThat(state(c -> c.minReplicas(2)).targetReplicas()).isEqualTo(2);
        assertThat(state(c -> c.minReplicas(2).initialReplicas(5)).targetReplicas()).isEqualTo(5);
        assertThat(state(c -> c.minReplicas(0)).targetReplicas()).isZero();
    }

    // ---- up ----

    @Test
    void scalesUpOnceMoreReplicasWereWantedForTheUpscaleDelay() {
        var s = state(c -> { });

        assertThat(tick(s, 1, 4)).isNull();
        clock.advance(UPSCALE_DELAY.minusMillis(1));
        assertThat(tick(s, 1, 4)).isNull();
        clock.advance(Duration.ofMillis(1));
        var decision = tick(s, 1, 4);

        assertThat(decision).isNotNull();
        assertThat(decision.from()).isEqualTo(1);
        assertThat(decision.to()).isEqualTo(4);
        assertThat(decision.isUpscale()).isTrue();
        assertThat(s.targetReplicas()).isEqualTo(4);
    }

    @Test
    void aZeroUpscaleDelayScalesUpOnTheFirstTick() {
        var s = state(c -> c.upscaleDelay(Duration.ZERO));

        assertThat(tick(s, 1, 3)).isNotNull();
        assertThat(s.targetReplicas()).isEqualTo(3);
    }

    @Test
    void aDecisionThatFlipsBackBeforeItsDelayRestartsTheWait() {
        var s = state(c -> c.minReplicas(2).lookBackPeriod(Duration.ofSeconds(1)));
        tick(s, 2, 8);
        clock.advance(Duration.ofSeconds(6));
        tick(s, 2, 2);                       // on target: the pending scale-up is dropped
        clock.advance(Duration.ofSeconds(1));
        tick(s, 2, 8);                       // wanted again: the wait starts over

        clock.advance(Duration.ofSeconds(9));
        assertThat(tick(s, 2, 8)).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tick(s, 2, 8)).isNotNull();
        assertThat(s.targetReplicas()).isEqualTo(8);
    }

    @Test
    void theLatestWantedCountIsAppliedWhenTheDelayEnds() {
        var s = state(c -> c.lookBackPeriod(Duration.ofSeconds(1)));
        tick(s, 1, 3);
        clock.advance(UPSCALE_DELAY);

        tick(s, 1, 6);

        assertThat(s.targetReplicas()).isEqualTo(6);
    }

    @Test
    void scaleUpIsClampedToMaxReplicas() {
        var s = state(c -> c.maxReplicas(3).upscaleDelay(Duration.ZERO));

        tick(s, 1, 50);

        assertThat(s.targetReplicas()).isEqualTo(3);
        assertThat(tick(s, 3, 50)).isNull();
    }

    @Test
    void anUpscalingFactorBelowOneScalesUpMoreSlowly() {
        var s = state(c -> c.upscaleDelay(Duration.ZERO).upscalingFactor(0.5).lookBackPeriod(Duration.ofSeconds(1)));

        tick(s, 2, 10);                      // error ratio 5: ceil(2 * (1 + 4 * 0.5)) = 6

        assertThat(s.targetReplicas()).isEqualTo(6);
    }

    // ---- down ----

    @Test
    void scalesDownOnceFewerReplicasWereWantedForTheDownscaleDelay() {
        var s = state(c -> c.initialReplicas(4).lookBackPeriod(Duration.ofSeconds(1)));

        var decisions = hold(s, 2, DOWNSCALE_DELAY.minusSeconds(1));
        assertThat(decisions).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        var decision = tick(s, 4, 2);

        assertThat(decision).isNotNull();
        assertThat(decision.isUpscale()).isFalse();
        assertThat(s.targetReplicas()).isEqualTo(2);
    }

    @Test
    void scaleDownIsClampedToMinReplicas() {
        var s = state(c -> c.minReplicas(2).initialReplicas(5).downscaleDelay(Duration.ZERO));

        tick(s, 5, 0);

        assertThat(s.targetReplicas()).isEqualTo(2);
    }

    @Test
    void aDownscalingFactorBelowOneScalesDownMoreSlowly() {
        var s = state(c -> c.initialReplicas(8).downscaleDelay(Duration.ZERO).downscalingFactor(0.5));

        tick(s, 8, 0);                       // ceil(8 * (1 - 0.5)) = 4

        assertThat(s.targetReplicas()).isEqualTo(4);
    }

    @Test
    void loadThatAgesOutOfTheWindowLetsTheDeploymentScaleDown() {
        var s = state(c -> c.initialReplicas(3).downscaleDelay(Duration.ZERO).lookBackPeriod(Duration.ofSeconds(5)));
        s.recordLoad("node", 3, Map.of(), clock.instant());
        assertThat(s.decide(clock.instant(), 3)).isNull();

        clock.advance(Duration.ofSeconds(6));   // the node went quiet: its sample is older than the window

        assertThat(s.decide(clock.instant(), 3)).isNotNull();
        assertThat(s.targetReplicas()).isEqualTo(1);
    }

    // ---- to and from zero ----

    @Test
    void fromManyReplicasScaleDownStopsAtOneThenGoesToZeroAfterTheToZeroDelay() {
        var s = state(c -> c.minReplicas(0).initialReplicas(3).downscaleToZeroDelay(Duration.ofSeconds(120)));

        hold(s, 0, DOWNSCALE_DELAY);
        assertThat(s.targetReplicas()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        hold(s, 0, Duration.ofSeconds(119));
        assertThat(s.targetReplicas()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        tick(s, 1, 0);

        assertThat(s.targetReplicas()).isZero();
    }

    @Test
    void withoutItsOwnDelayScaleToZeroWaitsTheDownscaleDelay() {
        var s = state(c -> c.minReplicas(0).initialReplicas(1));

        hold(s, 0, DOWNSCALE_DELAY.minusSeconds(1));
        assertThat(s.targetReplicas()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        tick(s, 1, 0);

        assertThat(s.targetReplicas()).isZero();
    }

    @Test
    void loadAtZeroReplicasScalesUpAtOnceWithoutTheUpscaleDelay() {
        var s = state(c -> c.minReplicas(0).upscaleDelay(Duration.ofMinutes(5)));

        var decision = tick(s, 0, 1);

        assertThat(decision).isNotNull();
        assertThat(decision.fromZero()).isTrue();
        assertThat(s.targetReplicas()).isEqualTo(1);
    }

    @Test
    void noLoadAtZeroReplicasStaysAtZero() {
        var s = state(c -> c.minReplicas(0));

        assertThat(tick(s, 0, 0)).isNull();
        assertThat(s.targetReplicas()).isZero();
    }

    @Test
    void waitingRequestsScaleFromZeroToAtLeastOneAndMinReplicasAtOnce() {
        var s = state(c -> c.minReplicas(0).initialReplicas(0));
        var decision = s.requestsWaiting(clock.instant());

        assertThat(decision).isNotNull();
        assertThat(decision.from()).isZero();
        assertThat(decision.to()).isEqualTo(1);
        assertThat(decision.describe()).isEqualTo(
                "Upscaling from 0 to 1 replica: requests are waiting and no replica exists.");
    }

    @Test
    void waitingRequestsAreIgnoredWhenReplicasAreWanted() {
        var s = state(c -> c.minReplicas(0).initialReplicas(2));

        assertThat(s.requestsWaiting(clock.instant())).isNull();
        assertThat(s.targetReplicas()).isEqualTo(2);
    }

    // ---- aggregation ----

    @Test
    void theAggregationFunctionDecidesWhichSamplesCount() {
        for (var f : AggregationFunction.values()) {
            var s = state(c -> c.upscaleDelay(Duration.ZERO).downscaleDelay(Duration.ZERO).aggregationFunction(f)
                    .initialReplicas(2));
            s.recordLoad("node", 1, Map.of(), clock.instant());
            s.recordLoad("node", 2, Map.of(), clock.instant());
            s.recordLoad("node", 6, Map.of(), clock.instant());

            s.decide(clock.instant(), 2);

            int expected = switch (f) {
                case MEAN -> 3;
                case MAX -> 6;
                case MIN -> 1;
            };
            assertThat(s.targetReplicas()).as(f.configName()).isEqualTo(expected);
        }
    }

    // ---- custom policies ----

    @Test
    void aCustomPolicySeesTheLoadAndKeepsItsStateBetweenTicks() {
        var seen = new ArrayList<AutoscalingContext>();
        AutoscalingPolicy counting = context -> {
            seen.add(context);
            int calls = (Integer) context.policyState().merge("calls", 1, (a, b) -> (Integer) a + (Integer) b);
            return calls >= 3 ? 7 : context.targetNumReplicas();
        };
        var s = state(c -> c.upscaleDelay(Duration.ZERO).policy(counting));

        s.recordLoad("node", 2, Map.of("r1", 3), clock.instant());
        s.decide(clock.instant(), 1);
        s.decide(clock.instant(), 1);
        assertThat(s.targetReplicas()).isEqualTo(1);
        s.decide(clock.instant(), 1);

        assertThat(s.targetReplicas()).isEqualTo(7);
        var first = seen.getFirst();
        assertThat(first.appName()).isEqualTo("app");
        assertThat(first.deploymentName()).isEqualTo("Model");
        assertThat(first.totalNumRequests()).isEqualTo(5);
        assertThat(first.totalQueuedRequests()).isEqualTo(2);
        assertThat(first.runningRequests()).containsExactly(Map.entry("r1", 3.0));
        assertThat(first.capacityAdjustedMinReplicas()).isEqualTo(1);
        assertThat(first.capacityAdjustedMaxReplicas()).isEqualTo(10);
        assertThat(first.currentTime()).isEqualTo(clock.instant());
        assertThat(seen.getLast().lastScaleUpTime()).isNull();
    }

    @Test
    void aCustomPolicyGetsTheSameDelaysAndClamping() {
        var s = state(c -> c.maxReplicas(4).policy(context -> 100));

        tick(s, 1, 0);
        clock.advance(UPSCALE_DELAY.minusMillis(1));
        tick(s, 1, 0);
        assertThat(s.targetReplicas()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        var decision = tick(s, 1, 0);

        assertThat(s.targetReplicas()).isEqualTo(4);
        assertThat(decision.describe()).startsWith("Upscaling from 1 to 4 replicas: 0.00 ongoing requests")
                .contains("(decided by policy ");
    }

    @Test
    void aPolicyThatKeepsZeroWhileRequestsWaitStillGetsOneReplica() {
        var s = state(c -> c.minReplicas(0).policy(context -> 0));

        tick(s, 0, 2);

        assertThat(s.targetReplicas()).isEqualTo(1);
    }

    @Test
    void aPolicyThatThrowsLeavesTheTargetAndSaysWhy() {
        var s = state(c -> c.initialReplicas(3).downscaleDelay(Duration.ZERO).policy(context -> {
            throw new IllegalStateException("no metrics store");
        }));

        assertThat(tick(s, 3, 0)).isNull();

        assertThat(s.targetReplicas()).isEqualTo(3);
        assertThat(s.policyError()).contains("failed").contains("no metrics store");
    }

    @Test
    void policyStateIsClearedWhenThePolicyChangesAndKeptOtherwise() {
        var states = new ArrayList<Map<String, Object>>();
        AutoscalingPolicy recording = context -> {
            context.policyState().merge("n", 1, (a, b) -> (Integer) a + (Integer) b);
            states.add(Map.copyOf(context.policyState()));
            return context.targetNumReplicas();
        };
        var s = state(c -> c.policy(recording));
        s.decide(clock.instant(), 1);

        s.updateConfig(config(c -> c.policy(recording).maxReplicas(5)));
        s.decide(clock.instant(), 1);
        assertThat(states.getLast()).containsEntry("n", 2);

        s.updateConfig(config(c -> c.policy(new Recording(states))));
        s.decide(clock.instant(), 1);
        assertThat(states.getLast()).containsEntry("n", 1);
    }

    @Test
    void aNewConfigClampsTheTargetAtOnce() {
        var s = state(c -> c.initialReplicas(6));

        s.updateConfig(config(c -> c.maxReplicas(4)));
        assertThat(s.targetReplicas()).isEqualTo(4);
        s.updateConfig(config(c -> c.minReplicas(5).maxReplicas(8)));
        assertThat(s.targetReplicas()).isEqualTo(5);
    }

    /** A policy class of its own, to tell policies apart by class. */
    private record Recording(List<Map<String, Object>> states) implements AutoscalingPolicy {
        @Override
        public int desiredReplicas(AutoscalingContext context) {
            context.policyState().merge("n", 1, (a, b) -> (Integer) a + (Integer) b);
            states.add(Map.copyOf(context.policyState()));
            return context.targetNumReplicas();
        }
    }
}
