package dev.trellis.serve.internal.agent;

import dev.trellis.serve.internal.messages.ReplicaCommand;
import dev.trellis.serve.internal.router.PendingCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The calls of this node that are on a replica now, by request id: how a reply, a dead
 * letter or a replica's death finds its call. An entry is added when a call is sent and
 * removed exactly once, by whichever of those comes first. Thread-safe.
 */
public final class CallRegistry {
    /** How many terminated replicas {@link #markDead} remembers. */
    static final int DEAD_REPLICAS_KEPT = 1024;

    /** A call and the replica it was sent to. */
    public record InFlight(PendingCall call, ActorRef<ReplicaCommand> replica) {
    }

    private final Map<Long, InFlight> calls = new ConcurrentHashMap<>();
    /**
     * Replicas known to have terminated, so nothing more is sent to them. Bounded: the oldest
     * are forgotten, since by then no router still lists them (the controller drops a replica
     * from the replica sets before or as it stops), and a send to a forgotten one still ends as
     * a dead letter that the agent retries elsewhere. Without the bound, every replica ever
     * stopped (autoscaling stops many) would stay here for the life of the node.
     */
    private final RecentSet<ActorRef<?>> dead = new RecentSet<>(DEAD_REPLICAS_KEPT);
    /** Sends hold the read side while they register and send; marking a replica dead takes the write side. */
    private final ReadWriteLock sending = new ReentrantReadWriteLock();

    /**
     * Registers the call and runs {@code send} unless {@code replica} is known dead; returns
     * whether it sent. Atomic with respect to {@link #markDead}: once that returns, every send
     * to the replica has either completed (so its dead letter, if any, is already published)
     * or will not happen.
     */
    boolean sendUnlessDead(PendingCall call, ActorRef<ReplicaCommand> replica, Runnable send) {
        sending.readLock().lock();
        try {
            if (dead.contains(replica)) {
                return false;
            }
            calls.put(call.requestId(), new InFlight(call, replica));
            send.run();
            return true;
        } finally {
            sending.readLock().unlock();
        }
    }

    /** The call, still registered, or null. */
    InFlight get(long requestId) {
        return calls.get(requestId);
    }

    /** Removes and returns the call, or null if it was already settled. */
    InFlight remove(long requestId) {
        return calls.remove(requestId);
    }

    /** Removes and returns every call sent to {@code replica}. */
    List<InFlight> removeAllOn(ActorRef<?> replica) {
        List<InFlight> out = new ArrayList<>();
        calls.values().removeIf(f -> {
            if (f.replica().equals(replica)) {
                out.add(f);
                return true;
            }
            return false;
        });
        return out;
    }

    /** Records that {@code replica} has terminated: nothing more is sent to it. */
    void markDead(ActorRef<?> replica) {
        sending.writeLock().lock();
        try {
            dead.add(replica);
        } finally {
            sending.writeLock().unlock();
        }
    }

    /**
     * Sends to {@code replica} again: it was marked dead because its node was unreachable, and the
     * node is reachable again.
     */
    void revive(ActorRef<?> replica) {
        sending.writeLock().lock();
        try {
            dead.remove(replica);
        } finally {
            sending.writeLock().unlock();
        }
    }

    public int size() {
        return calls.size();
    }

    /** How many terminated replicas are remembered (at most {@link #DEAD_REPLICAS_KEPT}). */
    int deadReplicasKept() {
        sending.readLock().lock();
        try {
            return dead.size();
        } finally {
            sending.readLock().unlock();
        }
    }
}
