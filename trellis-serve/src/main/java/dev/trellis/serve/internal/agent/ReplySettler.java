package dev.trellis.serve.internal.agent;

import dev.trellis.serve.ReplicaDiedException;
import dev.trellis.serve.RequestCancelledException;
import dev.trellis.serve.UserCodeException;
import dev.trellis.serve.internal.messages.ReplicaReply;
import java.util.function.Consumer;

/**
 * Settles calls from replica replies: frees the router slot, completes the caller's future or
 * feeds a streaming call's sink, or re-routes a rejected call. Used by the {@link HandleAgent}
 * for replies that arrive as messages, and called directly by replicas in the same JVM (the
 * embedded fast path: one thread hop less per call). Thread-safe: each call is settled once,
 * by whoever removes it from the {@link CallRegistry}; the replies of one call come from one
 * thread, in order.
 */
public final class ReplySettler implements Consumer<ReplicaReply> {
    private final CallRegistry calls;

    ReplySettler(CallRegistry calls) {
        this.calls = calls;
    }

    @Override
    public void accept(ReplicaReply reply) {
        switch (reply) {
            case ReplicaReply.Ok ok -> {
                var f = calls.remove(ok.requestId());
                if (f != null) {
                    f.call().router().onReplyReceived(f.call());
                    f.call().future().complete(ok.value());
                }
            }
            case ReplicaReply.Failed failed -> {
                var f = calls.remove(failed.requestId());
                if (f != null) {
                    f.call().router().onReplyReceived(f.call());
                    f.call().future().completeExceptionally(switch (failed.kind()) {
                        case USER_EXCEPTION -> new UserCodeException(failed.exceptionType(), failed.message());
                        case INVALID_INPUT -> new UserCodeException(failed.exceptionType(), failed.message(), true);
                        case CANCELLED -> new RequestCancelledException(failed.message());
                        case REPLICA_DIED -> new ReplicaDiedException(failed.message());
                    });
                }
            }
            case ReplicaReply.Chunk chunk -> {
                var f = calls.get(chunk.requestId());
                if (f != null && f.call().sink() != null && !f.call().future().isDone()) {
                    if (chunk.header()) {
                        f.call().sink().onHeader(chunk.item());
                    } else {
                        f.call().sink().onItem(chunk.item());
                    }
                }
            }
            case ReplicaReply.Rejected rejected -> {
                var f = calls.remove(rejected.requestId());
                if (f != null) {
                    f.call().router().retry(f.call());
                }
            }
        }
    }
}
