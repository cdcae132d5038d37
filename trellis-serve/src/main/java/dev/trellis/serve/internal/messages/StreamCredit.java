package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;

/** The consumer of streaming call {@code requestId} can take {@code items} more items. */
public record StreamCredit(long requestId, int items) implements ReplicaCommand, TrellisSerializable {
}
