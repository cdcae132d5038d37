package dev.trellis.serve;

/**
 * The built-in policy, Ray Serve's {@code replica_queue_length_autoscaling_policy}: keep about
 * {@code target_ongoing_requests} ongoing requests per replica.
 *
 * <pre>
 * error_ratio = total_ongoing_requests / (target_ongoing_requests * running_replicas)
 * factor      = upscaling_factor if error_ratio &gt;= 1 else downscaling_factor
 * desired     = ceil(running_replicas * (1 + (error_ratio - 1) * factor))
 * </pre>
 *
 * For example 3 running replicas with 15 ongoing requests and a target of 2 give an error
 * ratio of 2.5 and {@code ceil(3 * 2.5) = 8} replicas; with {@code upscaling_factor} 0.5 it is
 * {@code ceil(3 * (1 + 1.5 * 0.5)) = 6}. A factor below 1 can leave the count stuck where the
 * plain formula would go down; then the count goes down by one, as in Ray. With no replica
 * running, the policy asks for {@code ceil(upscaling_factor)} (at least 1) replicas when
 * requests are waiting and keeps the target otherwise (replicas may be starting).
 *
 * <p>Stateless and thread-safe; all instances are equal. Clamping and the upscale/downscale
 * delays are applied by Trellis after the policy answers (see {@link AutoscalingPolicy}).
 */
public final class DefaultAutoscalingPolicy implements AutoscalingPolicy {
    /** Absorbs floating-point noise so that exactly on target is not one replica too many. */
    private static final double EPSILON = 1e-9;

    @Override
    public int desiredReplicas(AutoscalingContext context) {
        if (context.currentNumReplicas() == 0) {
            if (context.totalNumRequests() > 0) {
                int fromZero = (int) Math.max(1, Math.ceil(context.config().upscalingFactor() - EPSILON));
                return Math.max(fromZero, context.targetNumReplicas());
            }
            return context.targetNumReplicas();
        }
        return desiredReplicas(context.config(), context.totalNumRequests(), context.currentNumReplicas());
    }

    /**
     * The formula alone, unclamped, for custom policies that adjust it.
     *
     * @param runningReplicas at least 1
     */
    public static int desiredReplicas(AutoscalingConfig config, double totalOngoingRequests, int runningReplicas) {
        if (runningReplicas < 1) {
            throw new IllegalArgumentException("running replicas must be >= 1, was " + runningReplicas);
        }
        double errorRatio = totalOngoingRequests / (config.targetOngoingRequests() * runningReplicas);
        double factor = errorRatio >= 1 ? config.upscalingFactor() : config.downscalingFactor();
        double smoothed = 1 + (errorRatio - 1) * factor;
        int desired = (int) Math.ceil(runningReplicas * smoothed - EPSILON);
        // Ray: when the smoothing factor alone keeps the count where the unsmoothed formula would
        // go down, go down by one so that low traffic still scales in.
        if (desired == runningReplicas && Math.ceil(runningReplicas * errorRatio - EPSILON) < runningReplicas) {
            desired--;
        }
        return Math.max(0, desired);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DefaultAutoscalingPolicy;
    }

    @Override
    public int hashCode() {
        return DefaultAutoscalingPolicy.class.hashCode();
    }

    @Override
    public String toString() {
        return "DefaultAutoscalingPolicy";
    }
}
