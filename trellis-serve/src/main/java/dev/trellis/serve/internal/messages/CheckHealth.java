package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/** Run the user's health check; answer with a {@link HealthReport}. */
public record CheckHealth(ActorRef<HealthReport> replyTo) implements ReplicaCommand, TrellisSerializable {

    /** Outcome of one health check. */
    public record HealthReport(boolean healthy, String message) implements TrellisSerializable {
    }
}
