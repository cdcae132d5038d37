package dev.trellis.http.internal.proxy;

import dev.trellis.http.Request;
import dev.trellis.http.Response;
import dev.trellis.http.internal.HttpErrorMapper;
import dev.trellis.http.internal.LingeringClose;
import dev.trellis.serve.internal.observe.RequestIds;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the proxy: turns each aggregated request into an {@link Exchange},
 * answers the built-in endpoints and routing errors itself, starts an {@link IngressCall} for
 * the rest, and writes responses in request order (HTTP/1.1 pipelining) through a
 * {@link ResponseSequencer}.
 *
 * <p>Guarantees: every accepted request is answered or its connection closes; a request timeout
 * answers 408 and cancels the call; when the client goes away every call still in flight on the
 * connection is cancelled. All state is confined to the channel's event loop; {@link #respond},
 * {@link #startStream}, {@link #writeChunk} and {@link #endStream} may be called from any thread.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);
    /** Unanswered pipelined requests after which the connection is not read until half are answered. */
    static final int MAX_OUTSTANDING = 64;

    private sealed interface Outgoing permits Full, StreamStart {
    }

    private record Full(Exchange exchange, FullHttpResponse response, int status) implements Outgoing {
    }

    private record StreamStart(Exchange exchange, HttpResponse head, CompletableFuture<Void> written) implements Outgoing {
    }

    private final ProxyServices services;
    private final ResponseSequencer<Outgoing> sequencer = new ResponseSequencer<>();
    private final Set<Exchange> inFlight = new HashSet<>();
    private ChannelHandlerContext ctx;
    /** No further request is accepted: one asked to close, was malformed, or the connection is gone. */
    private boolean closing;
    /** A request's body was refused unread (413): the connection lingers as it closes (see {@link LingeringClose}). */
    private boolean bodyUnread;
    private boolean inactive;
    /** The proxy is closing: answer what was accepted, then close the connection. */
    private boolean draining;

    ProxyHandler(ProxyServices services) {
        this.services = services;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        try {
            if (msg instanceof FullHttpRequest request) {
                onRequest(request);
            } else if (msg instanceof BodyLimitAggregator.Oversized oversized) {
                onOversized(oversized);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(FullHttpRequest req) {
        if (closing) {
            return;
        }
        var target = new QueryStringDecoder(req.uri());
        Exchange ex = accept(req, target.rawPath());
        if (req.decoderResult().isFailure()) {
            ex.closeAfterResponse();
            closing = true;
            write(ex, malformed(req.decoderResult().cause(), ex.requestId()));
            return;
        }
        String path;
        Map<String, List<String>> query;
        try {
            path = target.path();
            query = target.parameters();
        } catch (IllegalArgumentException e) {
            write(ex, HttpErrorMapper.error(400, "malformed request target " + req.uri() + ": " + e.getMessage(),
                    ex.requestId()));
            return;
        }
        if (path.startsWith("/-/") && builtin(ex, req.method(), path)) {
            return;
        }
        RouteTable routes = services.routes().get();
        RouteTable.Route route = routes.match(path);
        if (route == null) {
            write(ex, HttpErrorMapper.error(404, "no application is served at " + path + "; route prefixes: "
                    + routes.prefixes().keySet(), ex.requestId()));
            return;
        }
        ex.meters(services.metrics().route(route.prefix(), route.applicationName()));
        if (req.method().equals(HttpMethod.GET) && path.equals(openApiPath(route.prefix()))) {
            write(ex, route.adapter().openApi(route.applicationName(), route.prefix())
                    .map(doc -> Response.status(200).body(doc.getBytes(StandardCharsets.UTF_8),
                            ResultEncoder.JSON_TYPE))
                    .orElseGet(() -> HttpErrorMapper.error(404, "application '" + route.applicationName()
                            + "' has no OpenAPI document (only annotated routes have one)", ex.requestId())));
            return;
        }
        var request = new Request(req.method().name(), path, route.prefix(), query, headers(req),
                ByteBufUtil.getBytes(req.content()), ex.requestId());
        scheduleTimeout(ex);
        IngressCall.start(this, services, ex, route, request);
    }

    private void onOversized(BodyLimitAggregator.Oversized oversized) {
        if (closing) {
            return;
        }
        HttpRequest head = oversized.head();
        Exchange ex = accept(head, new QueryStringDecoder(head.uri()).rawPath());
        ex.closeAfterResponse();
        closing = true;
        bodyUnread = true;
        write(ex, HttpErrorMapper.error(413, BodyLimitAggregator.tooLarge(oversized.limit()), ex.requestId()));
    }

    private Exchange accept(HttpRequest req, String path) {
        String requestId = req.headers().get(NettyResponses.REQUEST_ID);
        if (requestId == null || requestId.isBlank()) {
            requestId = RequestIds.next();
        }
        var ex = new Exchange(sequencer.reserve(), req.method().name(), path, requestId, req.protocolVersion(),
                HttpUtil.isKeepAlive(req), System.nanoTime());
        if (!ex.keepAlive()) {
            closing = true;
        }
        ex.meters(services.metrics().unmatched());
        inFlight.add(ex);
        if (sequencer.outstanding() >= MAX_OUTSTANDING) {
            ctx.channel().config().setAutoRead(false);
        }
        return ex;
    }

    private boolean builtin(Exchange ex, HttpMethod method, String path) {
        Response response = switch (path) {
            case "/-/healthz" -> Response.text("success");
            case "/-/routes" -> Response.json(services.routes().get().prefixes());
            default -> null;
        };
        if (response == null) {
            return false;
        }
        ex.meters(services.metrics().route(path, ""));
        write(ex, method.equals(HttpMethod.GET) ? response
                : HttpErrorMapper.error(405, method + " is not allowed at " + path + " (use GET)", ex.requestId()));
        return true;
    }

    static String openApiPath(String prefix) {
        return (prefix.equals("/") ? "" : prefix) + "/openapi.json";
    }

    private static Response malformed(Throwable cause, String requestId) {
        return switch (cause) {
            case TooLongHttpLineException e -> HttpErrorMapper.error(414, "the request line is too long", requestId);
            case TooLongHttpHeaderException e -> HttpErrorMapper.error(431, "the request headers are too large", requestId);
            case TooLongFrameException e -> HttpErrorMapper.error(400, "malformed HTTP request: " + e.getMessage(), requestId);
            default -> HttpErrorMapper.error(400, "malformed HTTP request: " + cause.getMessage(), requestId);
        };
    }

    private static Map<String, List<String>> headers(HttpRequest req) {
        var headers = new HashMap<String, List<String>>();
        for (Map.Entry<String, String> h : req.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(h.getValue());
        }
        return headers;
    }

    private void scheduleTimeout(Exchange ex) {
        Duration timeout = services.options().requestTimeout();
        if (timeout != null) {
            ex.timeout(ctx.executor().schedule(() -> {
                if (!ex.answered()) {
                    write(ex, services.errors().timeout(timeout, ex.requestId()));
                    ex.cancel();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS));
        }
    }

    /** Answers {@code ex} with {@code response} unless it was answered already (timeout). Any thread. */
    void respond(Exchange ex, Response response) {
        if (ctx.executor().inEventLoop()) {
            write(ex, response);
        } else {
            onLoop(() -> write(ex, response));
        }
    }

    /** Runs {@code task} on the connection's event loop; false if the loop has stopped (the proxy closed). */
    private boolean onLoop(Runnable task) {
        try {
            ctx.executor().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void write(Exchange ex, Response response) {
        if (!ex.markAnswered()) {
            return;
        }
        inFlight.remove(ex);
        if (!inactive) {
            writeInOrder(sequencer.complete(ex.seq(), new Full(ex, NettyResponses.full(response, ex), response.status()),
                    false));
        }
    }

    /**
     * Starts a streamed response with {@code head}. The future completes once the head is
     * written (every earlier response on the connection was), after which chunks may be written;
     * it fails if the exchange was answered already (timeout) or the connection closed.
     */
    CompletableFuture<Void> startStream(Exchange ex, HttpResponse head) {
        var written = new CompletableFuture<Void>();
        boolean scheduled = onLoop(() -> {
            if (inactive || !ex.markAnswered()) {
                written.completeExceptionally(new IOException("request " + ex.requestId() + " was answered or its connection closed"));
                return;
            }
            writeInOrder(sequencer.complete(ex.seq(), new StreamStart(ex, head, written), true));
        });
        if (!scheduled) {
            written.completeExceptionally(new IOException("the HTTP proxy has stopped"));
        }
        return written;
    }

    /** Writes one chunk of the streamed response holding the line. Any thread. */
    ChannelFuture writeChunk(byte[] bytes) {
        return ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
    }

    boolean writable() {
        return ctx.channel().isWritable();
    }

    /** Ends the streamed response of {@code ex}: with its last chunk, or by closing the connection ({@code complete} false). */
    void endStream(Exchange ex, int status, boolean complete) {
        onLoop(() -> {
            if (inactive) {
                return;
            }
            inFlight.remove(ex);
            finished(ex, status);
            if (!complete) {
                closing = true;
                ctx.close();
                return;
            }
            ChannelFuture done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!ex.keepAlive()) {
                closing = true;
                done.addListener(ChannelFutureListener.CLOSE);
            }
            writeInOrder(sequencer.release());
            closeIfDrained();
        });
    }

    private void writeInOrder(List<Outgoing> ready) {
        if (ready.isEmpty()) {
            return;
        }
        for (Outgoing out : ready) {
            switch (out) {
                case Full f -> {
                    ChannelFuture done = ctx.write(f.response());
                    finished(f.exchange(), f.status());
                    if (!f.exchange().keepAlive()) {
                        closing = true;
                        done.addListener(bodyUnread ? LingeringClose.AFTER_WRITE : ChannelFutureListener.CLOSE);
                    }
                }
                case StreamStart s -> {
                    ctx.write(s.head());
                    s.written().complete(null); // the stream's chunks are queued behind this write and its flush
                }
            }
        }
        ctx.flush();
        if (!closing && !ctx.channel().config().isAutoRead() && sequencer.outstanding() < MAX_OUTSTANDING / 2) {
            ctx.channel().config().setAutoRead(true);
        }
        closeIfDrained();
    }

    /** The exchange ended with {@code status}: one access-log line, and its route's metrics. */
    private void finished(Exchange ex, int status) {
        services.accessLog().log(ex, status);
        ex.meters().record(ex.method(), status, System.nanoTime() - ex.startNanos());
    }

    /** Stops taking requests; the connection closes once those accepted are answered. Any thread. */
    void drain() {
        onLoop(() -> {
            draining = true;
            closing = true;
            closeIfDrained();
        });
    }

    private void closeIfDrained() {
        if (draining && !inactive && inFlight.isEmpty() && sequencer.outstanding() == 0) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        inactive = true;
        closing = true;
        for (Outgoing held : sequencer.clear()) {
            switch (held) {
                case Full f -> {
                    f.response().release();
                    finished(f.exchange(), AccessLog.CLIENT_CLOSED);
                }
                case StreamStart s -> s.written().completeExceptionally(new IOException("connection closed"));
            }
        }
        for (Exchange ex : List.copyOf(inFlight)) {
            ex.markAnswered();
            finished(ex, AccessLog.CLIENT_CLOSED);
            ex.cancel();
        }
        inFlight.clear();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) { // the client went away
            LOG.debug("connection {} failed: {}", context.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("connection {} failed", context.channel().remoteAddress(), cause);
        }
        context.close();
    }
}
