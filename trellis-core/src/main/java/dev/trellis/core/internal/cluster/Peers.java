package dev.trellis.core.internal.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * How a node agent reaches the other nodes. Embedded mode is a cluster of one: only itself.
 * Cluster mode is Pekko Cluster with the directory as a singleton.
 */
public interface Peers extends AutoCloseable {
    /** This node's id, unique in the cluster. */
    String selfId();

    /** The latest report of every live node, this one included; drivers (role "driver") are listed too. */
    List<NodeReport> nodes();

    /**
     * Sends {@code message} to {@code nodeId}'s agent. Messages from one node to another arrive
     * in the order sent. A message to a node this one has not yet seen join is held until it
     * joins (up to 30 s), since a reply can beat the member event. Returns false when that node
     * was removed or this node is closed.
     */
    boolean send(String nodeId, NodeMessage message);

    /** This node's latest report; spread to the directory with the next heartbeat (at most ~1 s later). */
    void report(NodeReport report);

    /** Registers the one listener; messages that arrive before it is set wait for it. */
    void listen(PeerListener listener);

    /** Claims a cluster-wide actor name for {@code location}; completes false when the name is taken. */
    CompletionStage<Boolean> registerName(String name, String location);

    /**
     * Claims {@code name} for {@code location} also when it is registered at a location that
     * starts with {@code replacedPrefix} (an actor's dead owner's entry, as its host takes it
     * over); completes false when another location holds it.
     */
    CompletionStage<Boolean> takeOverName(String name, String location, String replacedPrefix);

    /** Where the named actor lives, if the name is registered. */
    CompletionStage<Optional<String>> lookupName(String name);

    /** Releases a name (the actor died or was killed). */
    void unregisterName(String name);

    @Override
    void close();
}
