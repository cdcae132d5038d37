package dev.trellis.http.internal.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.ExecutorService;

/**
 * The pipeline of an admin connection: HTTP/1.1 codec, body aggregation up to the admin API's
 * limit (a larger body gets a JSON 413 and the connection is closed, lingering while the rest of
 * the body may still be arriving: {@link dev.trellis.http.internal.LingeringClose}), then
 * {@link AdminHandler}.
 */
final class AdminChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final AdminRoutes routes;
    private final ExecutorService work;
    private final int maxBodyBytes;

    AdminChannelInitializer(AdminRoutes routes, ExecutorService work, int maxBodyBytes) {
        this.routes = routes;
        this.work = work;
        this.maxBodyBytes = maxBodyBytes;
    }

    private AdminResponse tooLarge() {
        return AdminResponse.error(413, "the request body is larger than " + maxBodyBytes + " bytes, the admin API's limit");
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("codec", new HttpServerCodec())
                .addLast("aggregator", new HttpObjectAggregator(maxBodyBytes) {
                    @Override
                    protected Object newContinueResponse(HttpMessage start, int limit, ChannelPipeline pipeline) {
                        Object response = super.newContinueResponse(start, limit, pipeline);
                        if (response instanceof FullHttpResponse r
                                && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
                            r.release(); // announced too large with Expect: 100-continue: the JSON answer instead
                            return AdminHandler.toNetty(tooLarge(), start.protocolVersion(), true);
                        }
                        return response;
                    }

                    @Override
                    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
                        AdminHandler.writeUnreadBody(ctx, tooLarge(), oversized.protocolVersion());
                    }
                })
                .addLast("admin", new AdminHandler(routes, work));
    }

}
