package dev.trellis.serve.internal.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.time.Instant;

/** The controller's view of one replica. Single-owner: mutated only by its {@link DeploymentState}. */
final class ReplicaRecord {
    final String id;
    /** What the replica runs; replaced by each new target of the same code, whose config then applies to it. */
    DeploymentSpec spec;
    ReplicaState state = ReplicaState.PENDING_ALLOCATION;
    Instant since;
    Instant lastHealthCheck;
    boolean healthCheckInFlight;
    boolean reconfigureInFlight;
    boolean killSent;
    /** Crashed replicas are killed at once rather than drained. */
    boolean crashed;
    /** On a node the failure detector lost: replaced already, it only waits for the node to be downed. */
    boolean nodeLost;
    /** The user_config and max_ongoing_requests the replica was started with or last confirmed. */
    JsonNode appliedUserConfig;
    int appliedMaxOngoing;
    String message = "";
    /** Multiplexed model ids the replica last reported, and the version of that report. */
    java.util.Set<String> multiplexedModelIds = java.util.Set.of();
    long multiplexedModelsVersion;

    ReplicaRecord(String id, DeploymentSpec spec, Instant now) {
        this.id = id;
        this.spec = spec;
        this.since = now;
        this.appliedUserConfig = spec.config().userConfig();
        this.appliedMaxOngoing = spec.config().maxOngoingRequests();
    }

    void moveTo(ReplicaState next, Instant now) {
        state = next;
        since = now;
    }

    boolean isLive() {
        return state == ReplicaState.PENDING_ALLOCATION || state == ReplicaState.STARTING || state == ReplicaState.RUNNING;
    }
}
