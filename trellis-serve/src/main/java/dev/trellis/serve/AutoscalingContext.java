package dev.trellis.serve;

import java.time.Instant;
import java.util.Map;

/**
 * What an {@link AutoscalingPolicy} sees on one control-loop tick, with the names of Ray Serve's
 * {@code AutoscalingContext}. Load figures are ongoing requests (calls waiting in routers plus
 * calls running on replicas) aggregated over {@code look_back_period_s} with the config's
 * {@code aggregation_function}.
 *
 * @param appName                     the application
 * @param deploymentName              the deployment
 * @param targetNumReplicas           the current target (what the deployment is scaling to)
 * @param currentNumReplicas          replicas RUNNING now (the base of Ray's formula)
 * @param totalNumRequests            ongoing requests, summed over every router and replica
 * @param totalQueuedRequests         of those, the ones waiting in routers (no replica had room, or none exists)
 * @param runningRequests             ongoing requests per replica id, for replicas that routers know
 * @param config                      the deployment's autoscaling config
 * @param capacityAdjustedMinReplicas the lower bound the result is clamped to ({@code min_replicas}:
 *                                    Trellis has no {@code target_capacity} yet)
 * @param capacityAdjustedMaxReplicas the upper bound ({@code max_replicas})
 * @param policyState                 mutable, kept between calls for this deployment (Ray's {@code policy_state});
 *                                    cleared when the deployment's policy changes
 * @param lastScaleUpTime             when the target last went up, or null
 * @param lastScaleDownTime           when the target last went down, or null
 * @param currentTime                 now, from the controller's clock
 */
public record AutoscalingContext(
        String appName,
        String deploymentName,
        int targetNumReplicas,
        int currentNumReplicas,
        double totalNumRequests,
        double totalQueuedRequests,
        Map<String, Double> runningRequests,
        AutoscalingConfig config,
        int capacityAdjustedMinReplicas,
        int capacityAdjustedMaxReplicas,
        Map<String, Object> policyState,
        Instant lastScaleUpTime,
        Instant lastScaleDownTime,
        Instant currentTime) {
}
