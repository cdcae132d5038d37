package dev.trellis.core.internal;

import java.util.Map;

/**
 * A library's part of a node process ({@code NodeMain}): found with {@link java.util.ServiceLoader}
 * on the node's class path, started once the node has joined its cluster and stopped before the
 * node leaves it. Serve's proxy, replica host and (on the head) controller and admin API are one.
 */
public interface NodeService extends AutoCloseable {
    /**
     * Starts the service on {@code node}. {@code options} are the node process's {@code --name value}
     * arguments (names without dashes); a service reads the ones it owns and ignores the rest. A
     * bad value throws {@link IllegalArgumentException} naming the option; the node then exits.
     * Lines printed to standard output before the node's ready line tell the launcher where the
     * service listens.
     */
    void start(NodeAgent node, Map<String, String> options);

    /** The option names this service reads, so the node refuses names that nobody does. */
    java.util.Set<String> optionNames();

    /** Stops the service (idempotent); called on the node's shutdown before it leaves the cluster. */
    @Override
    void close();
}
