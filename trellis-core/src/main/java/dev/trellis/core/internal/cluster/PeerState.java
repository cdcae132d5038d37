package dev.trellis.core.internal.cluster;

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

    PeerState(String selfId, NodeReport selfReport) {
        this.selfId = selfId;
        this.selfReport = selfReport;
    }
}
