package dev.trellis.serve;

/**
 * Decides how many replicas a deployment should have, the counterpart of Ray Serve's
 * {@code autoscaling_config.policy} ({@code policy_function}). The controller calls it once per
 * control-loop tick (about every 100 ms) for each autoscaled deployment, on its own thread, so
 * an implementation must be quick and must not block.
 *
 * <p>The answer is the <em>raw</em> desired count. Trellis then applies what Ray's built-in
 * policy does around its formula, so a custom policy gets the same safety without coding it:
 * <ul>
 *   <li>the count is clamped to {@code [min_replicas, max_replicas]};</li>
 *   <li>a scale-up takes effect once the policy has asked for more replicas continuously for
 *   {@code upscale_delay_s}, a scale-down once it asked for fewer for {@code downscale_delay_s}
 *   (from more than one replica the count goes down to at least 1), and the last step from 1 to
 *   0 after {@code downscale_to_zero_delay_s}; a decision that changes direction (or asks for
 *   the current count) restarts the wait;</li>
 *   <li>from zero replicas, a scale-up takes effect at once, and while requests wait with no
 *   replica at all the target is at least 1 whatever the policy says, so a request never waits
 *   forever on a deployment scaled to zero.</li>
 * </ul>
 *
 * <p>State that must survive between calls goes into {@link AutoscalingContext#policyState()}
 * (Ray's {@code policy_state}); one instance may serve several deployments, each with its own
 * state map. A policy that throws leaves the target unchanged; the error shows in the
 * deployment's status message and in the log.
 *
 * <p>Choose one in code with {@code AutoscalingConfig.Builder#policy}, or in a config file by
 * class name ({@code policy: {policy_function: com.example.MyPolicy}}); a class named in a file
 * needs a public no-argument constructor. {@link DefaultAutoscalingPolicy} is the built-in one
 * and can be delegated to.
 */
@FunctionalInterface
public interface AutoscalingPolicy {

    /**
     * The number of replicas the deployment should have, before clamping and delays.
     *
     * @param context the load and replica counts now, the config, and this deployment's policy state
     */
    int desiredReplicas(AutoscalingContext context);
}
