package dev.trellis.serve.internal.replica;

import dev.trellis.serve.ResultStream;
import dev.trellis.serve.internal.messages.HandleRequest;
import dev.trellis.serve.internal.messages.ReplicaReply;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.BaseStream;

/**
 * Sends a streaming call's result item by item, on the call's virtual thread: the header first
 * (for a {@link ResultStream} that has one), then each item once the consumer has granted
 * credit for it, so a slow consumer slows the producer down instead of filling memory. The
 * next item is only produced after credit is available. Streams are closed at the end, also
 * when the call is cancelled (the thread is interrupted while waiting for credit).
 */
final class ResultStreaming {
    private ResultStreaming() {
    }

    static void send(Object value, Semaphore credit, HandleRequest request, Consumer<ReplicaReply.Chunk> out)
            throws InterruptedException {
        long id = request.requestId();
        Iterator<?> items;
        AutoCloseable onEnd = null;
        if (value instanceof ResultStream<?> stream) {
            if (stream.header() != null) {
                out.accept(new ReplicaReply.Chunk(id, request.method(), true, stream.header()));
            }
            items = stream.items();
        } else if (value instanceof BaseStream<?, ?> stream) {
            items = stream.iterator();
            onEnd = stream;
        } else if (value instanceof Iterator<?> iterator) {
            items = iterator;
        } else if (value instanceof Iterable<?> iterable) {
            items = iterable.iterator();
        } else {
            items = java.util.Collections.singletonList(value).iterator();
        }
        try {
            while (true) {
                credit.acquire();
                if (!items.hasNext()) {
                    return;
                }
                out.accept(new ReplicaReply.Chunk(id, request.method(), false, items.next()));
            }
        } finally {
            if (onEnd != null) {
                try {
                    onEnd.close();
                } catch (Exception ignored) {
                    // closing a finished stream is best effort; the call's outcome is already decided
                }
            }
        }
    }
}
