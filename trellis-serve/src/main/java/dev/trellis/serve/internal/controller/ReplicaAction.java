package dev.trellis.serve.internal.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.time.Duration;

/** What a {@link DeploymentState} asks the controller actor to do to one replica. */
public sealed interface ReplicaAction {
    String replicaId();

    record Start(String replicaId, DeploymentSpec spec) implements ReplicaAction {
    }

    /** Graceful: drain in-flight calls (checking every {@code waitLoop}), then stop. */
    record Stop(String replicaId, Duration waitLoop) implements ReplicaAction {
    }

    /** Immediate: for crashed replicas and drains that overran graceful_shutdown_timeout. */
    record Kill(String replicaId) implements ReplicaAction {
    }

    record CheckHealth(String replicaId, Duration timeout) implements ReplicaAction {
    }

    record Reconfigure(String replicaId, JsonNode userConfig, int maxOngoingRequests) implements ReplicaAction {
    }
}
