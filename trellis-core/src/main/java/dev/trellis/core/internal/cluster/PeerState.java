package dev.trellis.core.internal.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;

/**
 * What {@link ClusterPeers} reads without blocking and its agent endpoint writes: live members,
 * the directory's reports, the names this node registered.
 */
final class PeerState {
    /** A live member: its cluster address and its agent endpoint. */
    record Endpoint(UniqueAddress address, ActorRef<AgentProtocol.Command> ref) {
    }

    final String selfId;
    volatile NodeReport selfReport;
    volatile String directoryNodeId;
    /** Node id to endpoint, for every member not yet downed or removed (this node included). */
    final ConcurrentHashMap<String, Endpoint> members = new ConcurrentHashMap<>();
    /** The other nodes' latest reports, from the directory. */
    final ConcurrentHashMap<String, NodeReport> reports = new ConcurrentHashMap<>();
    /** Names this node registered (name to location), re-sent when a new directory lacks them. */
    final ConcurrentHashMap<String, String> ownNames = new ConcurrentHashMap<>();
    /** Completes when this node is Up. */
    final CompletableFuture<Void> up = new CompletableFuture<>();
    /** Completes when this node is removed from the cluster or its system stops. */
    final CompletableFuture<Void> removed = new CompletableFuture<>();

    /**
     * Messages to nodes this node has not seen join yet (a reply can beat the member event: a node
     * that just joined sends a task, the answer is ready before this node hears of it). Held in
     * order until the node is a member, dropped after {@link #HOLD_NANOS}. Guarded by itself.
     */
    private final Map<String, List<Held>> held = new HashMap<>();
    /** Nodes seen removed: messages to them are refused, not held. */
    final Set<String> gone = ConcurrentHashMap.newKeySet();

    static final long HOLD_NANOS = 30_000_000_000L;

    record Held(AgentProtocol.PeerEnvelope envelope, long sinceNanos) {
    }

    PeerState(String selfId, NodeReport selfReport) {
        this.selfId = selfId;
        this.selfReport = selfReport;
    }

    /** Holds {@code envelope} for {@code nodeId} unless it is a member by now; false: send it directly. */
    boolean holdUntilJoined(String nodeId, AgentProtocol.PeerEnvelope envelope, long nowNanos) {
        synchronized (held) {
            if (members.containsKey(nodeId)) {
                return false;
            }
            held.computeIfAbsent(nodeId, k -> new ArrayList<>()).add(new Held(envelope, nowNanos));
            return true;
        }
    }

    /** Records a member and sends what was held for it, in order, before anyone else can send to it. */
    void addMember(String nodeId, Endpoint endpoint) {
        synchronized (held) {
            members.put(nodeId, endpoint);
            gone.remove(nodeId);
            List<Held> waiting = held.remove(nodeId);
            if (waiting != null) {
                waiting.forEach(h -> endpoint.ref().tell(h.envelope()));
            }
        }
    }

    /** Drops held messages older than {@link #HOLD_NANOS} and those for nodes now gone; how many. */
    int expireHeld(long nowNanos) {
        int dropped = 0;
        synchronized (held) {
            var it = held.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                boolean nodeGone = gone.contains(e.getKey());
                int before = e.getValue().size();
                e.getValue().removeIf(h -> nodeGone || nowNanos - h.sinceNanos() > HOLD_NANOS);
                dropped += before - e.getValue().size();
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
        return dropped;
    }
}
