package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A controller that has just started (on a new node, its predecessor's node having died) asks
 * each replica host what runs there, to adopt those replicas rather than start others.
 */
public record ListReplicas(ActorRef<ControllerCommand> replyTo) implements HostCommand, TrellisSerializable {

    /** A host's answer: its node and every replica it runs. */
    public record Hosted(String nodeId, java.util.List<Replica> replicas) implements ControllerCommand, TrellisSerializable {
        public Hosted {
            replicas = java.util.List.copyOf(replicas);
        }
    }

    /** One replica: how it was started, its actor, and whether its constructor has finished. */
    public record Replica(StartReplica start, ActorRef<ReplicaCommand> ref, boolean started) {
    }
}
