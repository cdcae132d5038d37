package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;

/** Cancel call {@code requestId}: drop it if queued, interrupt it if running. The replica still replies once. */
public record CancelRequest(long requestId) implements ReplicaCommand, TrellisSerializable {
}
