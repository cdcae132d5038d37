package dev.trellis.http.internal.proxy;

import dev.trellis.http.StreamingResponse;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a streaming call's items as a chunked response while they are produced. Items arrive on
 * a runtime thread that must not block; they are queued and written by one virtual thread per
 * stream, which also encodes them (JSON for user objects is user code). The head is sent with the
 * first item, so a call that fails before producing anything still gets a proper error status;
 * a failure after that closes the connection, leaving the client a truncated body.
 *
 * <p>Flow control: the call gets {@link #WINDOW} items of credit and one more for every item
 * handed to the connection; while the connection's outbound buffer is full the writer waits for
 * its last write to reach the socket. A slow client therefore slows the replica down instead of
 * filling the proxy's memory. The request timeout applies until the head is sent.
 */
final class StreamingBody implements Flow.Subscriber<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingBody.class);
    static final int WINDOW = 16;
    private static final Object COMPLETE = new Object();
    /** Stands for a null item, which a queue cannot hold. */
    private static final Object NULL_ITEM = new Object();

    private record Failed(Throwable cause) {
    }

    private final ProxyHandler handler;
    private final ProxyServices services;
    private final Exchange ex;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;

    private StreamingBody(ProxyHandler handler, ProxyServices services, Exchange ex) {
        this.handler = handler;
        this.services = services;
        this.ex = ex;
    }

    static void start(ProxyHandler handler, ProxyServices services, Exchange ex, Flow.Publisher<Object> publisher) {
        var body = new StreamingBody(handler, services, ex);
        publisher.subscribe(body);
        try {
            services.userCode().execute(body::run);
        } catch (RejectedExecutionException e) {
            ex.cancel();
            handler.respond(ex, services.errors().toResponse(e, ex.requestId()));
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(WINDOW); // submits the call; attached after, so a cancellation always finds the call
        ex.attach(s::cancel);
    }

    @Override
    public void onNext(Object item) {
        queue.add(item == null ? NULL_ITEM : item);
    }

    @Override
    public void onError(Throwable failure) {
        queue.add(new Failed(failure));
    }

    @Override
    public void onComplete() {
        queue.add(COMPLETE);
    }

    private void run() {
        int status = 200;
        boolean headSent = false;
        try {
            Object item = take();
            StreamingResponse.Head head = null;
            if (item instanceof StreamingResponse.Head h) {
                head = h;
                item = take();
            }
            if (item instanceof Failed f) {
                handler.respond(ex, services.errors().toResponse(f.cause(), ex.requestId()));
                return;
            }
            boolean events = head != null && head.events();
            byte[] first = item == COMPLETE ? null : encode(item, events);
            status = head == null ? 200 : head.status();
            HttpResponse httpHead = NettyResponses.streamHead(status, head == null ? mediaType(item) : head.mediaType(),
                    head == null ? Map.of() : head.headers(), ex);
            handler.startStream(ex, httpHead).join();
            headSent = true;
            while (item != COMPLETE) {
                if (item instanceof Failed f) {
                    LOG.warn("stream of request {} failed after its head was sent: {}", ex.requestId(), f.cause().toString());
                    handler.endStream(ex, status, false);
                    return;
                }
                byte[] bytes = first != null ? first : encode(item, events);
                first = null;
                if (!send(bytes)) {
                    return;
                }
                subscription.request(1);
                item = take();
            }
            handler.endStream(ex, status, true);
        } catch (CompletionException e) { // answered already (timeout) or the connection closed
            subscription.cancel();
        } catch (InterruptedException e) {
            subscription.cancel();
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) { // an item could not be encoded
            subscription.cancel();
            if (headSent) {
                LOG.warn("stream of request {} failed after its head was sent", ex.requestId(), e);
                handler.endStream(ex, status, false);
            } else {
                handler.respond(ex, services.errors().toResponse(e, ex.requestId()));
            }
        }
    }

    /** Writes one chunk; waits while the connection cannot take more. False if the connection is gone. */
    private boolean send(byte[] bytes) {
        if (bytes.length == 0) {
            return true; // an empty chunk would read as the end of the body
        }
        ChannelFuture written = handler.writeChunk(bytes);
        if (!handler.writable()) {
            written.awaitUninterruptibly();
        }
        if (written.isDone() && !written.isSuccess()) {
            subscription.cancel();
            return false;
        }
        return true;
    }

    private Object take() throws InterruptedException {
        Object item = queue.take();
        return item == NULL_ITEM ? null : item;
    }

    private static byte[] encode(Object item, boolean events) {
        return events ? ResultEncoder.encodeEvent(item) : ResultEncoder.encodeItem(item);
    }

    private static String mediaType(Object first) {
        return switch (first) {
            case String s -> ResultEncoder.TEXT_TYPE;
            case byte[] b -> ResultEncoder.BYTES_TYPE;
            case null -> "application/x-ndjson";
            default -> first == COMPLETE ? ResultEncoder.TEXT_TYPE : "application/x-ndjson";
        };
    }
}
