package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;

/**
 * Graceful shutdown: stop taking calls (new ones are rejected so routers retry them
 * elsewhere), let in-flight ones finish, close the user object, stop.
 */
public record Drain() implements ReplicaCommand, TrellisSerializable {
}
