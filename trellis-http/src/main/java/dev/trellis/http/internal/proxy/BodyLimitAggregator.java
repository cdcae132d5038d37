package dev.trellis.http.internal.proxy;

import dev.trellis.http.internal.HttpErrorMapper;
import dev.trellis.serve.internal.observe.RequestIds;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty's aggregator with the proxy's answers for bodies over {@code max_request_body_bytes}.
 * A request announcing a too-large body with {@code Expect: 100-continue} gets a JSON 413 at
 * once (the client then does not send the body). Any other oversized request becomes an
 * {@link Oversized} message for {@link ProxyHandler}, which answers it with a JSON 413 in
 * pipelining order and closes the connection, lingering while the rest of the body may still be
 * arriving ({@link dev.trellis.http.internal.LingeringClose}), so the client reads the 413.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    /** An oversized request: the head only (its body is discarded). */
    record Oversized(HttpRequest head, int limit) {
    }

    BodyLimitAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
            r.release();
            String requestId = start.headers().get(NettyResponses.REQUEST_ID, RequestIds.next());
            return NettyResponses.full(HttpErrorMapper.error(413, tooLarge(maxContentLength), requestId),
                    start.protocolVersion(), requestId, true);
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (oversized instanceof HttpRequest request) {
            var head = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                    request.headers().copy());
            ctx.fireChannelRead(new Oversized(head, maxContentLength()));
        } else {
            super.handleOversizedMessage(ctx, oversized);
        }
    }

    static String tooLarge(int limit) {
        return "the request body is larger than " + limit + " bytes (http_options.max_request_body_bytes)";
    }
}
