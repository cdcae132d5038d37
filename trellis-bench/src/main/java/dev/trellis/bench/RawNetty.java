package dev.trellis.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the raw baselines ({@link RawNettyServer}, {@link RawModelServer}) share: Netty's HTTP
 * server on 127.0.0.1 (a free port) with the proxy's socket options and a given number of NIO
 * event loop threads, serving until the harness stops it ({@link Lifeline}), and the keep-alive
 * handling of Netty's own {@code HttpHelloWorldServer} example.
 */
final class RawNetty {
    private RawNetty() {
    }

    /**
     * Serves with {@code HttpServerCodec} followed by {@code handlers} (new ones per connection)
     * until standard input closes; the ready line names {@code path}.
     */
    static void serveUntilParentExits(int threads, String path, Supplier<ChannelHandler[]> handlers)
            throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec()).addLast(handlers.get());
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            Lifeline.ready((InetSocketAddress) server.localAddress(), path);
            Lifeline.awaitParentExit();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Writes {@code response} to {@code request} (not flushed), honouring keep-alive as Netty's example does. */
    static void write(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (!HttpUtil.isKeepAlive(request)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.write(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!request.protocolVersion().isKeepAliveDefault()) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(response);
    }
}
