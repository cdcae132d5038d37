package dev.trellis.serve.internal.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The controller asks a node's replica host to start one replica there: what it runs (the
 * deployment's class and encoded constructor arguments), the settings a replica itself applies
 * (max_ongoing_requests, user_config), the resources to take from the node, and the controller
 * the replica reports to. The host answers with {@link ReplicaPlacement}.
 */
public record StartReplica(String replicaId, String applicationName, String deploymentName, String className,
                           List<WireArg> initArgs, int maxOngoingRequests, JsonNode userConfig,
                           dev.trellis.core.Resources resources, ActorRef<ControllerCommand> controller)
        implements HostCommand, TrellisSerializable {

    public StartReplica {
        initArgs = List.copyOf(initArgs);
    }

    /**
     * One constructor argument: {@code value} (Core's encoding of a value), {@code handle} (a
     * handle to another deployment of the application, by names and class) or {@code list} (a list
     * holding handles, element by element).
     */
    public record WireArg(String kind, byte[] value, String application, String deployment, String className,
                          List<WireArg> items) {
        public WireArg {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }
}
