package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import dev.trellis.serve.internal.invoke.MethodKey;
import dev.trellis.serve.internal.observe.RequestContext;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One handle call sent to a replica. The replica answers exactly once, with a
 * {@link ReplicaReply} to {@code replyTo}. Arguments are encoded by the method's declared
 * parameter types ({@link InvocationCodec}). {@code multiplexedModelId} is the caller's model
 * id (null: none), which the call's code reads with {@code Multiplexing.modelId()}.
 * {@code context} is the request the call belongs to (request id, trace context), or null for a
 * call made outside any request.
 */
public record HandleRequest(long requestId, MethodKey method, Object[] args, ActorRef<ReplicaReply> replyTo,
                            int streamCredit, Consumer<ReplicaReply> localReplies, String multiplexedModelId,
                            RequestContext context)
        implements ReplicaCommand, TrellisSerializable {

    /**
     * Answers the call: straight to the caller's node when the request never left its JVM
     * ({@code localReplies} is not serialized, so it is null after any trip through bytes),
     * otherwise as a message to {@code replyTo}.
     */
    public void reply(ReplicaReply reply) {
        if (localReplies != null) {
            localReplies.accept(reply);
        } else {
            replyTo.tell(reply);
        }
    }

    /** A call whose result is streamed: the replica may send {@code streamCredit} items before more credit arrives. */
    public boolean streaming() {
        return streamCredit > 0;
    }
}
