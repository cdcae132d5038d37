package dev.trellis.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * The floor the HTTP proxy is compared with: Netty's hello-world HTTP server (the shape of
 * Netty's own {@code HttpHelloWorldServer} example), answering every request with the same
 * bytes as the no-op ingress, keep-alive honoured, responses flushed once per read batch, with
 * the proxy's socket options and as many event loop threads as it has ({@link RawNetty}).
 *
 * <p>Run by the harness: {@code RawNettyServer <event-loop-threads>}; see {@link Lifeline}.
 */
public final class RawNettyServer {
    private static final byte[] BODY = BenchApps.BODY.getBytes(StandardCharsets.UTF_8);

    private RawNettyServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RawNettyServer <event-loop-threads>");
        }
        RawNetty.serveUntilParentExits(Integer.parseInt(args[0]), "/", () -> new ChannelHandler[] {new HelloHandler()});
    }

    private static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request)) {
                return; // the (empty) body of a GET
            }
            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(BODY));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            RawNetty.write(ctx, request, response);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
