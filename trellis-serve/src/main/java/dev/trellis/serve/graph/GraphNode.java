package dev.trellis.serve.graph;

/**
 * A node of a deployment graph: the graph's input (or a part of it), or a call of a deployment
 * on upstream nodes and plain values. Nodes are immutable and only refer to nodes made before
 * them, so a graph cannot contain a cycle. Build them with {@link InputNode} and {@link Graph}.
 *
 * @param <T> what the node produces
 */
public abstract sealed class GraphNode<T> permits InputNode, InputNode.Part, CallNode {
    GraphNode() {
    }

    /** A short label for pictures and error messages. */
    public abstract String label();

    @Override
    public String toString() {
        return label();
    }
}
