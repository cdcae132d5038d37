package dev.trellis.http.internal;

import dev.trellis.core.internal.VirtualThreads;
import dev.trellis.http.internal.proxy.ProxyChannelInitializer;
import dev.trellis.http.internal.proxy.RouteTable;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.ServeException;
import dev.trellis.serve.internal.ingress.Ingress;
import dev.trellis.serve.internal.ingress.IngressContext;
import dev.trellis.serve.internal.ingress.RouteEntry;
import dev.trellis.serve.internal.spec.ApplicationSpec;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP proxy of one node, the counterpart of Ray Serve's proxy actor: a Netty server on
 * {@code http_options.host:port} that routes each request by longest route prefix to its
 * application's ingress deployment. Connections are served by a few event loop threads (NIO),
 * which only parse, route and write: calls go to replicas through deployment handles and user
 * code runs on virtual threads (see {@code IngressCall}).
 *
 * <p>Routes are an immutable {@link RouteTable} swapped on every change; {@link #close()} stops
 * accepting, lets open connections finish what they accepted (bounded by {@link #DRAIN_TIMEOUT})
 * and shuts the event loops down.
 */
public final class HttpProxy implements Ingress {
    private static final Logger LOG = LoggerFactory.getLogger(HttpProxy.class);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final IngressContext context;
    private final EventLoopGroup eventLoops;
    private final ExecutorService userCode;
    private final ProxyChannelInitializer connections;
    private final Channel server;
    private volatile RouteTable routes = RouteTable.EMPTY;

    private HttpProxy(IngressContext context) {
        this.context = context;
        HttpOptions options = context.options();
        this.eventLoops = new MultiThreadIoEventLoopGroup(eventLoopThreads(), new DefaultThreadFactory("trellis-http", true),
                NioIoHandler.newFactory());
        this.userCode = VirtualThreads.perTaskExecutor("trellis-http-call");
        this.connections = new ProxyChannelInitializer(() -> routes, options, context.metrics().registry(), userCode,
                context.tracing());
        try {
            this.server = new ServerBootstrap()
                    .group(eventLoops)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(connections)
                    .bind(options.host(), options.port()).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind's checked BindException as it is
            shutdownLoops();
            throw new ServeException("the HTTP proxy cannot listen on " + options.host() + ":" + options.port()
                    + " (http_options.host/port): " + e.getMessage(), e);
        }
    }

    /**
     * One event loop per core: the loops only parse, route and write, so more would just
     * contend with the replicas' virtual threads (benchmarks give their baselines as many).
     */
    public static int eventLoopThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Starts listening at once; fails if the address cannot be bound. */
    public static HttpProxy start(IngressContext context) {
        return new HttpProxy(Objects.requireNonNull(context, "context"));
    }

    @Override
    public void validate(ApplicationSpec spec) {
        if (spec.routePrefix() == null) {
            return;
        }
        try {
            IngressAdapters.forClass(spec.ingress().userClass());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("application '" + spec.name() + "' has route prefix " + spec.routePrefix()
                    + " but " + e.getMessage() + " (or deploy it with route prefix null: no HTTP route)", e);
        }
    }

    @Override
    public synchronized void routesChanged(List<RouteEntry> entries) {
        var previous = routes.routes();
        var next = new ArrayList<RouteTable.Route>();
        for (RouteEntry entry : entries) {
            next.add(previous.stream().filter(r -> sameRoute(r, entry)).findFirst().orElseGet(() -> newRoute(entry)));
        }
        routes = new RouteTable(next);
    }

    private static boolean sameRoute(RouteTable.Route route, RouteEntry entry) {
        return route.prefix().equals(entry.routePrefix()) && route.applicationName().equals(entry.applicationName())
                && route.handle().deploymentName().equals(entry.ingressDeployment())
                && route.ingressClass() == entry.ingressClass();
    }

    private RouteTable.Route newRoute(RouteEntry entry) {
        IngressAdapter adapter;
        try {
            adapter = IngressAdapters.forClass(entry.ingressClass());
        } catch (IllegalArgumentException e) { // validate() keeps these out; never leave the prefix to a shorter one
            LOG.error("application '{}' cannot be served over HTTP: {}", entry.applicationName(), e.getMessage());
            adapter = request -> {
                throw new HttpError(500, e.getMessage());
            };
        }
        return new RouteTable.Route(entry.routePrefix(), entry.applicationName(), entry.ingressClass(),
                context.handle(entry.applicationName(), entry.ingressDeployment(), entry.ingressClass()), adapter);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        if (!connections.drain(DRAIN_TIMEOUT)) {
            LOG.warn("HTTP connections still had requests in flight after {} s; closing them", DRAIN_TIMEOUT.toSeconds());
        }
        shutdownLoops();
        userCode.shutdown();
    }

    private void shutdownLoops() {
        if (!eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            LOG.warn("HTTP event loops did not stop within 5 s");
        }
    }
}
