package dev.trellis.serve.internal.messages;

/** What a replica actor receives: calls, cancellations, health checks, reconfigure, drain. */
public interface ReplicaCommand {
}
