package dev.trellis.serve.internal.replica;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The replicas living in this JVM, by actor, with their {@link ReplicaAdmission}: how a router
 * target finds out that it may start calls on its replica directly instead of sending it a
 * message. A replica is listed from the moment its actor exists until it stops.
 *
 * <p>{@link #disabled()} lists nothing, so every call travels as a message: the runtime uses it
 * when every message is round-tripped through its serializer ({@code serialize-messages}),
 * where the point is to prove that calls could cross a node boundary. Thread-safe.
 */
public final class LocalReplicas {
    private final Map<ActorRef<?>, ReplicaAdmission> replicas;

    private LocalReplicas(Map<ActorRef<?>, ReplicaAdmission> replicas) {
        this.replicas = replicas;
    }

    /** Replicas register here and are called directly. */
    public static LocalReplicas enabled() {
        return new LocalReplicas(new ConcurrentHashMap<>());
    }

    /** Registers nothing: every call goes through the replica's mailbox. */
    public static LocalReplicas disabled() {
        return new LocalReplicas(null);
    }

    /** The admission of the replica behind {@code replica} if it lives in this JVM and takes direct calls; else null. */
    public ReplicaAdmission admission(ActorRef<?> replica) {
        return replicas == null ? null : replicas.get(replica);
    }

    void register(ActorRef<?> replica, ReplicaAdmission admission) {
        if (replicas != null) {
            replicas.put(replica, admission);
        }
    }

    void unregister(ActorRef<?> replica) {
        if (replicas != null) {
            replicas.remove(replica);
        }
    }
}
