package dev.trellis.serve;

/** The life cycle of one replica. */
public enum ReplicaState {
    /** Waiting for its node to have the resources it needs; see the deployment's message. */
    PENDING_ALLOCATION,
    /** Constructor and first reconfigure running. */
    STARTING,
    /** Taking requests. */
    RUNNING,
    /** Failed a health check or crashed; about to be replaced. */
    UNHEALTHY,
    /** Draining in-flight requests before it stops. */
    STOPPING
}
