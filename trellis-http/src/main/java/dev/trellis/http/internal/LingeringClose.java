package dev.trellis.http.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after an answer sent before the request's body was read (a 413): closing
 * at once, with the client still sending, makes the kernel reset the connection, and the client
 * may lose the answer before it reads it. Instead, once the answer is written, the output is shut
 * down (the client sees the answer end), whatever still arrives is discarded, and the connection
 * closes when the client closes its side or after {@link #LINGER} at the latest: the "TCP reset
 * problem" of RFC 9112 section 9.6, handled as nginx's {@code lingering_close} does. Used by the
 * proxy and the admin API.
 */
public final class LingeringClose implements ChannelFutureListener {
    /** Listen on the write of the last answer. */
    public static final LingeringClose AFTER_WRITE = new LingeringClose();
    static final Duration LINGER = Duration.ofSeconds(2);

    private LingeringClose() {
    }

    @Override
    public void operationComplete(ChannelFuture written) {
        Channel channel = written.channel();
        if (!written.isSuccess() || !(channel instanceof SocketChannel socket) || !channel.isActive()) {
            channel.close();
            return;
        }
        channel.pipeline().addFirst("lingering-discard", new Discard());
        channel.config().setAutoRead(true);
        socket.shutdownOutput();
        channel.eventLoop().schedule(() -> channel.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops every byte that still arrives; the channel closes when the client's side ends (Netty's default). */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
