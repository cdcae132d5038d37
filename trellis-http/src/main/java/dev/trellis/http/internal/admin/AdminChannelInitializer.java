package dev.trellis.http.internal.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.ExecutorService;

/**
 * The pipeline of an admin connection: HTTP/1.1 codec, body aggregation up to the admin API's
 * limit (a larger body gets a JSON 413 and the connection is closed, since the rest of the body
 * may still be arriving), then {@link AdminHandler}.
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

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("codec", new HttpServerCodec())
                .addLast("aggregator", new HttpObjectAggregator(maxBodyBytes) {
                    @Override
                    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
                        AdminHandler.write(ctx, AdminResponse.error(413, "the request body is larger than "
                                + maxBodyBytes + " bytes, the admin API's limit"), HttpVersion.HTTP_1_1, false);
                    }
                })
                .addLast("admin", new AdminHandler(routes, work));
    }

}
