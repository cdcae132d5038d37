package dev.trellis.serve.internal.autoscaling;

import java.time.Instant;
import java.util.Locale;

/**
 * A change of an autoscaled deployment's target replica count, with the signal behind it: what
 * the controller logs and what the deployment's status message shows while it scales.
 *
 * @param ongoingRequests the aggregated ongoing requests the decision saw
 * @param fromZero        taken at once because requests were waiting with no replica
 * @param customPolicy    the class name of the custom policy that decided, or null for the built-in one
 */
public record ScalingDecision(String deploymentId, int from, int to, double ongoingRequests,
                              double targetOngoingRequests, boolean fromZero, String customPolicy, Instant at) {

    public boolean isUpscale() {
        return to > from;
    }

    /** "Upscaling from 1 to 3 replicas: 7.5 ongoing requests, target 2 per replica." */
    public String describe() {
        String signal = fromZero
                ? "requests are waiting and no replica exists"
                : String.format(Locale.ROOT, "%.2f ongoing requests, target %s per replica", ongoingRequests,
                        formatTarget(targetOngoingRequests));
        return (isUpscale() ? "Upscaling" : "Downscaling") + " from " + from + " to " + to + " replica"
                + (to == 1 ? "" : "s") + ": " + signal
                + (customPolicy == null || fromZero ? "" : " (decided by policy " + customPolicy + ")") + ".";
    }

    private static String formatTarget(double target) {
        return target == Math.rint(target) ? String.valueOf((long) target) : String.valueOf(target);
    }
}
