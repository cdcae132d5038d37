package dev.trellis.http.internal.proxy;

import dev.trellis.http.internal.HttpErrorMapper;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.internal.observe.Tracing;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The pipeline of every proxy connection: HTTP/1.1 codec, body aggregation up to
 * {@code max_request_body_bytes} ({@link BodyLimitAggregator}), then {@link ProxyHandler}.
 * Keeps the open connections so that the proxy can drain them when it closes.
 */
public final class ProxyChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ProxyServices services;
    private final int maxBodyBytes;
    private final ChannelGroup connections = new DefaultChannelGroup("trellis-http", GlobalEventExecutor.INSTANCE);

    public ProxyChannelInitializer(Supplier<RouteTable> routes, HttpOptions options, MeterRegistry metrics,
                                   Executor userCode, Tracing tracing) {
        this.services = new ProxyServices(routes, options, new HttpErrorMapper(options), new AccessLog(options.accessLog()),
                new HttpMetrics(metrics), userCode, tracing);
        this.maxBodyBytes = (int) options.maxRequestBodyBytes();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("codec", new HttpServerCodec())
                .addLast("aggregator", new BodyLimitAggregator(maxBodyBytes))
                .addLast("proxy", new ProxyHandler(services));
        connections.add(ch);
    }

    /**
     * Lets every connection finish the requests it accepted, then closes it; waits at most
     * {@code bound}. Returns whether every connection closed in time.
     */
    public boolean drain(Duration bound) {
        for (Channel ch : connections) {
            ProxyHandler handler = ch.pipeline().get(ProxyHandler.class);
            if (handler != null) {
                handler.drain();
            }
        }
        return connections.newCloseFuture().awaitUninterruptibly(bound.toMillis());
    }
}
