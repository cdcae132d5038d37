package dev.trellis.serve;

/** Ray Serve's application states. */
public enum ApplicationStatus {
    /** Deployments are starting or updating. */
    DEPLOYING,
    /** Every deployment has its target number of RUNNING replicas. */
    RUNNING,
    /** A deployment failed to start (for example its constructor kept throwing). */
    DEPLOY_FAILED,
    /** A deployment that was running became unhealthy. */
    UNHEALTHY,
    /** Being deleted; replicas are draining. */
    DELETING
}
