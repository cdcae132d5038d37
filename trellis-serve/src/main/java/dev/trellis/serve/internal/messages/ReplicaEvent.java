package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/** What a replica tells the controller about itself. */
public sealed interface ReplicaEvent extends ControllerCommand, TrellisSerializable {
    String replicaId();

    /** Constructor and first reconfigure succeeded; the replica takes calls at {@code ref}. */
    record Started(String replicaId, ActorRef<ReplicaCommand> ref) implements ReplicaEvent {
    }

    /** The constructor (or first reconfigure) threw; the replica has stopped. */
    record StartFailed(String replicaId, String message) implements ReplicaEvent {
    }

    /** User code hit a fatal error; the replica rejects new calls and waits to be stopped. */
    record Crashed(String replicaId, String message) implements ReplicaEvent {
    }

    /**
     * The multiplexed models the replica holds changed. Reports may overtake each other (they
     * are sent from the threads that load and evict); the controller keeps the one with the
     * highest {@code version}.
     */
    record MultiplexedModelsChanged(String replicaId, long version, java.util.Set<String> modelIds)
            implements ReplicaEvent {
        public MultiplexedModelsChanged {
            modelIds = java.util.Set.copyOf(modelIds);
        }
    }
}
