package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/** A replica host's answer to {@link StartReplica}. */
public sealed interface ReplicaPlacement extends ControllerCommand, TrellisSerializable {
    String replicaId();

    /** The replica's actor runs on {@code nodeId} (its constructor may still fail: {@link ReplicaEvent}). */
    record Placed(String replicaId, String nodeId, ActorRef<ReplicaCommand> ref) implements ReplicaPlacement {
    }

    /**
     * The node could not take it ({@code reason}: its resources went to other work since its last
     * report, or the host is shutting down); the replica waits to be placed again.
     */
    record Refused(String replicaId, String nodeId, String reason) implements ReplicaPlacement {
    }
}
