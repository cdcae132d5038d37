package dev.trellis.serve.internal.agent;

import dev.trellis.serve.internal.messages.ReplicaCommand;
import dev.trellis.serve.internal.router.PendingCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The calls of this node that are on a replica now, by request id: how a reply, a dead
 * letter or a replica's death finds its call. An entry is added when a call is sent and
 * removed exactly once, by whichever of those comes first. Thread-safe.
 */
public final class CallRegistry {
    /** A call and the replica it was sent to. */
    public record InFlight(PendingCall call, ActorRef<ReplicaCommand> replica) {
    }

    private final Map<Long, InFlight> calls = new ConcurrentHashMap<>();

    void put(PendingCall call, ActorRef<ReplicaCommand> replica) {
        calls.put(call.requestId(), new InFlight(call, replica));
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

    public int size() {
        return calls.size();
    }
}
