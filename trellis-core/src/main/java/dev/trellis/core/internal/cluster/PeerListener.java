package dev.trellis.core.internal.cluster;

/** What the node agent hears from the rest of the cluster. Called on a dispatcher thread: return quickly. */
public interface PeerListener {
    /** A message sent to this node by {@code fromNodeId}'s agent. */
    void onMessage(String fromNodeId, NodeMessage message);

    /** A node left or was downed; its actors, objects and running tasks are gone. */
    void onNodeRemoved(String nodeId);
}
