package dev.trellis.serve.internal.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.core.internal.serialization.TrellisSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * In-place update of a running replica: new limits, and the user's {@code reconfigure} is called
 * when {@code userConfig} differs from the replica's current one.
 */
public record Reconfigure(JsonNode userConfig, int maxOngoingRequests, ActorRef<Reconfigured> replyTo)
        implements ReplicaCommand, TrellisSerializable {

    /** Outcome of a reconfigure. */
    public record Reconfigured(boolean ok, String message) implements TrellisSerializable {
    }
}
