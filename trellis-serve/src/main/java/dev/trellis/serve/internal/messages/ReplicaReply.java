package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import dev.trellis.serve.internal.invoke.MethodKey;

/** A replica's one answer to a {@link HandleRequest}. */
public sealed interface ReplicaReply extends AgentCommand, TrellisSerializable {
    long requestId();

    /** The call returned {@code value} (encoded by the method's declared return type). */
    record Ok(long requestId, MethodKey method, Object value) implements ReplicaReply {
    }

    /** The call failed; {@code kind} says how, {@code exceptionType} and {@code message} what. */
    record Failed(long requestId, FailureKind kind, String exceptionType, String message) implements ReplicaReply {
    }

    /**
     * One item of a streaming call's result ({@code header} true: the stream's header, sent
     * first when the result has one). The final {@code Ok} or {@code Failed} ends the stream.
     */
    record Chunk(long requestId, MethodKey method, boolean header, Object item) implements ReplicaReply {
    }

    /** The replica never started the call (it is stopping or crashed): the router retries elsewhere. */
    record Rejected(long requestId) implements ReplicaReply {
    }

    enum FailureKind {
        USER_EXCEPTION,
        /** User code threw an {@code InvalidInputException} (or a subclass): the caller's input was bad. */
        INVALID_INPUT,
        CANCELLED,
        REPLICA_DIED
    }
}
