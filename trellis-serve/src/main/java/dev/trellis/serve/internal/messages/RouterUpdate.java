package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The controller's word on where calls to one deployment may go: its RUNNING replicas and
 * limits. {@code unavailableMessage} is non-null when the deployment cannot take calls at all
 * (deleted, failed to deploy): routers then fail queued and new calls with it.
 */
public record RouterUpdate(String applicationName, String deploymentName, List<Endpoint> replicas,
                           int maxOngoingRequests, int maxQueuedRequests, String unavailableMessage)
        implements AgentCommand, HostCommand, TrellisSerializable {

    public RouterUpdate {
        replicas = List.copyOf(replicas);
    }

    /**
     * One replica a router may send calls to, the multiplexed model ids it holds, and how many
     * it keeps ({@code max_num_models_per_replica}; 0 when its class has no multiplexed loader).
     */
    public record Endpoint(String replicaId, ActorRef<ReplicaCommand> ref, java.util.Set<String> multiplexedModelIds,
                           int maxNumModelsPerReplica) {
        public Endpoint {
            multiplexedModelIds = multiplexedModelIds == null ? java.util.Set.of() : java.util.Set.copyOf(multiplexedModelIds);
        }
    }
}
