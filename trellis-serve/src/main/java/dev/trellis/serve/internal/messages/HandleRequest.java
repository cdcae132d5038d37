package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import dev.trellis.serve.internal.invoke.MethodKey;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One handle call sent to a replica. The replica answers exactly once, with a
 * {@link ReplicaReply} to {@code replyTo}. Arguments are encoded by the method's declared
 * parameter types ({@link InvocationCodec}).
 */
public record HandleRequest(long requestId, MethodKey method, Object[] args, ActorRef<ReplicaReply> replyTo,
                            int streamCredit) implements ReplicaCommand, TrellisSerializable {

    /** A call whose result is streamed: the replica may send {@code streamCredit} items before more credit arrives. */
    public boolean streaming() {
        return streamCredit > 0;
    }
}
