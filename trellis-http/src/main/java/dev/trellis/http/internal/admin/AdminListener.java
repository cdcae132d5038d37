package dev.trellis.http.internal.admin;

import dev.trellis.core.internal.VirtualThreads;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.ServeException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin API's Netty server: one event loop thread (the API is for operators, not
 * traffic) and a virtual thread per request. {@link #close()} stops accepting, lets requests
 * in progress finish (bounded) and stops the loop.
 */
public final class AdminListener implements AutoCloseable {
    /** Where the API serves this JVM's Prometheus metrics. */
    public static final String METRICS_PATH = AdminRoutes.METRICS;

    private final EventLoopGroup loop;
    private final ExecutorService work;
    private final Channel server;
    private final ConfigApplier applier;

    /**
     * Binds {@code host:port} at once.
     *
     * @param token null for no authentication
     * @throws ServeException when the address cannot be bound
     */
    public AdminListener(String host, int port, String token, int maxBodyBytes, InstantSource clock,
                         HttpOptions proxyOptions, dev.trellis.serve.ProxyLocation proxyLocation,
                         Supplier<InetSocketAddress> proxyAddress, Runnable stop) {
        this.applier = new ConfigApplier(clock, proxyOptions, proxyLocation, proxyAddress);
        var routes = new AdminRoutes(token == null ? null : new BearerToken(token), applier, proxyAddress, stop,
                this::metricsUrl);
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("trellis-admin", true),
                NioIoHandler.newFactory());
        this.work = VirtualThreads.perTaskExecutor("trellis-admin-request");
        try {
            this.server = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new AdminChannelInitializer(routes, work, maxBodyBytes))
                    .bind(host, port).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind's checked BindException as it is
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            work.shutdown();
            throw new ServeException("the admin API cannot listen on " + host + ":" + port + " (--admin-host/--admin-port): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Applies the config the instance was started with, as a PUT would but without checking its
     * http_options (the proxy was started with them); returns the names of the deployed applications.
     */
    public java.util.List<String> deployInitial(dev.trellis.serve.config.ServeConfigFile config, String source) {
        return applier.apply(config, source, false).deployed();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** {@code http://HOST:PORT} to reach the API from this machine (127.0.0.1 for a wildcard address). */
    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private String metricsUrl() {
        return url() + METRICS_PATH;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        work.shutdown();
        try {
            work.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
