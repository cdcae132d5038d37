package dev.trellis.http.internal.admin;

import dev.trellis.http.internal.LingeringClose;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one admin connection: copies each aggregated request out of Netty's buffers and
 * hands it to {@link AdminRoutes} on a virtual thread (deploying and deleting block), so the
 * event loop never waits. Reading pauses while a request is handled, so answers leave in
 * request order; every request gets an answer, a failure included.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private final AdminRoutes routes;
    private final ExecutorService work;

    AdminHandler(AdminRoutes routes, ExecutorService work) {
        this.routes = routes;
        this.work = work;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        var copy = new AdminRequest(request.method().name(), new QueryStringDecoder(request.uri()).path(),
                request.headers().get(HttpHeaderNames.CONTENT_TYPE), request.headers().get(HttpHeaderNames.AUTHORIZATION),
                ByteBufUtil.getBytes(request.content()));
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpVersion version = request.protocolVersion();
        ctx.channel().config().setAutoRead(false);
        try {
            work.execute(() -> write(ctx, routes.handle(copy), version, keepAlive));
        } catch (RejectedExecutionException e) { // the server is closing
            write(ctx, AdminResponse.error(503, "the admin API is shutting down"), version, false);
        }
    }

    static void write(ChannelHandlerContext ctx, AdminResponse response, HttpVersion version, boolean keepAlive) {
        var written = ctx.writeAndFlush(toNetty(response, version, keepAlive));
        if (response.afterSent() != null) {
            written.addListener(f -> response.afterSent().run());
        }
        if (keepAlive) {
            written.addListener(f -> ctx.channel().config().setAutoRead(true));
        } else {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Answers before the request's body was read (too large): then closes without losing the answer. */
    static void writeUnreadBody(ChannelHandlerContext ctx, AdminResponse response, HttpVersion version) {
        ctx.writeAndFlush(toNetty(response, version, false)).addListener(LingeringClose.AFTER_WRITE);
    }

    static FullHttpResponse toNetty(AdminResponse response, HttpVersion version, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(response.body()));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        http.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        response.headers().forEach(http.headers()::set);
        if (!keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return http;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("admin connection failed; closing it", cause);
        ctx.close();
    }
}
