package dev.trellis.core;

/** The node a task ran on died, and the task has no retries left (see {@code maxRetries}). */
public class NodeDiedException extends TrellisException {
    private final String nodeId;

    public NodeDiedException(String nodeId, String message) {
        super(message);
        this.nodeId = nodeId;
    }

    /** The node that died. */
    public String nodeId() {
        return nodeId;
    }
}
