package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;

/** The controller has a host stop one of its replicas at once (a crashed one, or a drain that overran). */
public record StopReplica(String replicaId) implements HostCommand, TrellisSerializable {
}
