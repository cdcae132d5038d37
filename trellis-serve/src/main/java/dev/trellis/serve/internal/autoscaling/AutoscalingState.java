package dev.trellis.serve.internal.autoscaling;

import dev.trellis.serve.AutoscalingConfig;
import dev.trellis.serve.AutoscalingContext;
import dev.trellis.serve.DefaultAutoscalingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The autoscaler of one deployment: its load window, its policy's state, and the target replica
 * count it maintains. Pure: no actors, no threads, time passed in. The controller feeds it load
 * reports ({@link #recordLoad}) and asks it once per tick for a decision ({@link #decide}); the
 * deployment's state then starts or stops replicas to meet {@link #targetReplicas()}.
 *
 * <p>Guarantees, whatever the policy returns:
 * <ul>
 *   <li>the target stays within {@code [min_replicas, max_replicas]};</li>
 *   <li>a scale-up applies once more replicas were wanted on every tick for {@code upscale_delay_s},
 *   a scale-down once fewer were wanted for {@code downscale_delay_s}; a tick that wants the
 *   current count or the other direction restarts the wait; the latest wanted count is applied;</li>
 *   <li>a scale-down from more than one replica stops at 1; from 1 to 0 it waits
 *   {@code downscale_to_zero_delay_s} more;</li>
 *   <li>from a target of 0 a scale-up applies at once, and while requests wait with no replica the
 *   target is at least 1 ({@link #requestsWaiting} for the router's immediate signal).</li>
 * </ul>
 * A policy that throws leaves the target as it is; {@link #policyError()} says why.
 */
public final class AutoscalingState {
    private enum Direction { UP, DOWN }

    private final String appName;
    private final String deploymentName;
    private final LoadWindow window = new LoadWindow();
    private final Map<String, Object> policyState = new HashMap<>();
    private AutoscalingConfig config;
    private int target;
    private Direction pending;
    private Instant pendingSince;
    private Instant lastScaleUp;
    private Instant lastScaleDown;
    private String policyError = "";

    /** @param startTarget the target to start from, clamped to the config's bounds */
    public AutoscalingState(String appName, String deploymentName, AutoscalingConfig config, int startTarget) {
        this.appName = appName;
        this.deploymentName = deploymentName;
        this.config = config;
        this.target = clamp(startTarget);
    }

    /** The autoscaler of a deployment created now: it starts at {@code initial_replicas} (or {@code min_replicas}). */
    public static AutoscalingState forNewDeployment(String appName, String deploymentName, AutoscalingConfig config) {
        return new AutoscalingState(appName, deploymentName, config, config.effectiveInitialReplicas());
    }

    public AutoscalingConfig config() {
        return config;
    }

    public int targetReplicas() {
        return target;
    }

    /** Why the policy failed on the last tick, or empty. */
    public String policyError() {
        return policyError;
    }

    /**
     * A new config for the same deployment (redeploy): the target is clamped to the new bounds
     * at once, a pending decision is dropped, and the policy state is cleared if the policy's
     * class changed.
     */
    public void updateConfig(AutoscalingConfig next) {
        if (!next.policy().getClass().equals(config.policy().getClass())) {
            policyState.clear();
        }
        config = next;
        target = clamp(target);
        pending = null;
    }

    /** One reporter's load sample, received {@code now}. */
    public void recordLoad(String reporter, int queued, Map<String, Integer> inFlight, Instant now) {
        window.record(reporter, now, queued, inFlight);
        window.prune(now, config.lookBackPeriod());
    }

    /** Ongoing requests over the look-back period, as the policy sees them. */
    public double ongoingRequests(Instant now) {
        return window.totalOngoing(now, config.lookBackPeriod(), config.aggregationFunction());
    }

    /** The latest in-flight count per replica (replicas without load are absent). */
    public Map<String, Integer> latestInFlight(Instant now) {
        return window.latestInFlight(now, config.lookBackPeriod());
    }

    /**
     * One control-loop tick: asks the policy, clamps, applies the delays.
     *
     * @param runningReplicas replicas of the deployment RUNNING now
     * @return the change of target made now, or null
     */
    public ScalingDecision decide(Instant now, int runningReplicas) {
        Duration lookBack = config.lookBackPeriod();
        var function = config.aggregationFunction();
        double total = window.totalOngoing(now, lookBack, function);
        var context = new AutoscalingContext(appName, deploymentName, target, runningReplicas, total,
                window.totalQueued(now, lookBack, function), Map.copyOf(window.perReplica(now, lookBack, function)),
                config, config.minReplicas(), config.maxReplicas(), policyState, lastScaleUp, lastScaleDown, now);
        int raw;
        try {
            raw = config.policy().desiredReplicas(context);
            policyError = "";
        } catch (RuntimeException e) {
            policyError = "the autoscaling policy " + config.policy().getClass().getName() + " failed: " + e;
            pending = null;
            return null;
        }
        int desired = clamp(raw);
        boolean waitingAtZero = target == 0 && total > 0;
        if (waitingAtZero) {
            desired = Math.max(desired, 1);
        }
        if (desired > target) {
            if (target == 0) {
                return apply(desired, now, total, waitingAtZero);
            }
            return holdThenApply(Direction.UP, config.upscaleDelay(), desired, now, total);
        }
        if (desired < target) {
            return target > 1
                    ? holdThenApply(Direction.DOWN, config.downscaleDelay(), Math.max(1, desired), now, total)
                    : holdThenApply(Direction.DOWN, config.effectiveDownscaleToZeroDelay(), desired, now, total);
        }
        pending = null;
        return null;
    }

    /**
     * A router holds requests and knows no replica: with a target of 0, scale to
     * {@code max(1, min_replicas)} at once, without waiting for the next tick or any delay.
     *
     * @return the change made, or null when the target is already above 0
     */
    public ScalingDecision requestsWaiting(Instant now) {
        if (target > 0) {
            return null;
        }
        return apply(clamp(Math.max(1, config.minReplicas())), now, ongoingRequests(now), true);
    }

    private ScalingDecision holdThenApply(Direction direction, Duration delay, int to, Instant now, double total) {
        if (pending != direction) {
            pending = direction;
            pendingSince = now;
        }
        if (Duration.between(pendingSince, now).compareTo(delay) >= 0) {
            return apply(to, now, total, false);
        }
        return null;
    }

    private ScalingDecision apply(int to, Instant now, double total, boolean fromZero) {
        var policy = config.policy();
        var decision = new ScalingDecision(appName + "#" + deploymentName, target, to, total,
                config.targetOngoingRequests(), fromZero,
                policy instanceof DefaultAutoscalingPolicy ? null : policy.getClass().getName(), now);
        if (to > target) {
            lastScaleUp = now;
        } else {
            lastScaleDown = now;
        }
        target = to;
        pending = null;
        return decision;
    }

    private int clamp(int count) {
        return Math.max(config.minReplicas(), Math.min(config.maxReplicas(), count));
    }
}
