package dev.trellis.serve;

/** Ray Serve's deployment states. */
public enum DeploymentStatus {
    /** Replicas are being started, stopped or replaced to reach the target. */
    UPDATING,
    /** The target number of replicas are RUNNING. */
    HEALTHY,
    /** Replicas keep failing to start or failing health checks; see the message. */
    UNHEALTHY,
    /** The autoscaler raised the target and replicas are being added; calls are served meanwhile. */
    UPSCALING,
    /** The autoscaler lowered the target and replicas are draining; calls are served meanwhile. */
    DOWNSCALING
}
