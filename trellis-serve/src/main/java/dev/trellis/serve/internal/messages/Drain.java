package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.time.Duration;

/**
 * Graceful shutdown: stop taking calls (new ones are rejected so routers retry them
 * elsewhere), let in-flight ones finish, close the user object, stop. {@code waitLoop} is the
 * deployment's {@code graceful_shutdown_wait_loop} when the drain was asked for, so a change of
 * it applies to replicas started before it.
 */
public record Drain(Duration waitLoop) implements ReplicaCommand, TrellisSerializable {
}
