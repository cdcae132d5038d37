package dev.trellis.serve.internal;

import com.typesafe.config.ConfigFactory;
import dev.trellis.core.internal.ActorSystems;
import dev.trellis.core.internal.NodeAgent;
import dev.trellis.serve.Application;
import dev.trellis.serve.ApplicationStatus;
import dev.trellis.serve.DeploymentFailedException;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.ServeException;
import dev.trellis.serve.ServeOptions;
import dev.trellis.serve.ServeStatus;
import dev.trellis.serve.internal.agent.CallRegistry;
import dev.trellis.serve.internal.agent.HandleAgent;
import dev.trellis.serve.internal.agent.RouterRegistry;
import dev.trellis.serve.internal.cluster.ClusterLedger;
import dev.trellis.serve.internal.cluster.ReplicaHost;
import dev.trellis.serve.internal.cluster.ServeStateStore;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import dev.trellis.serve.internal.controller.ReplicaLedger;
import dev.trellis.serve.internal.controller.ResourceLedger;
import dev.trellis.serve.internal.messages.AppsUpdate;
import dev.trellis.serve.internal.messages.HostCommand;
import dev.trellis.serve.internal.controller.ServeController;
import dev.trellis.serve.internal.handle.ActorDeploymentHandle;
import dev.trellis.serve.internal.logging.LogbackSetup;
import dev.trellis.serve.internal.logging.LoggingRegistry;
import dev.trellis.serve.internal.observe.Tracing;
import dev.trellis.serve.internal.ingress.Ingress;
import dev.trellis.serve.internal.ingress.IngressContext;
import dev.trellis.serve.internal.ingress.IngressProvider;
import dev.trellis.serve.internal.ingress.RouteEntry;
import java.util.ServiceLoader;
import dev.trellis.serve.internal.invoke.MethodResolver;
import dev.trellis.serve.internal.messages.AgentCommand;
import dev.trellis.serve.internal.messages.ControllerCommand;
import dev.trellis.serve.internal.messages.KnownClasses;
import dev.trellis.serve.internal.messages.ServeMessageRegistry;
import dev.trellis.serve.internal.messages.ServeSystemContext;
import dev.trellis.serve.internal.metrics.ControllerMetrics;
import dev.trellis.serve.internal.metrics.ServeMetrics;
import dev.trellis.serve.internal.replica.LocalReplicas;
import dev.trellis.serve.internal.replica.ReplicaSetup;
import dev.trellis.serve.internal.spec.ApplicationPlanner;
import dev.trellis.serve.internal.spec.ApplicationSpec;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import dev.trellis.serve.internal.spec.HandleRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Serve runtime: an actor system (local provider, no ports) with the controller
 * and this node's handle agent, the node's routers, and the blocking API {@code Serve} exposes.
 * Blocking waits here are bounded, and run on the caller's thread, never on an actor.
 */
public final class ServeRuntime {
    /** The name under which the node's report lists this runtime's HTTP proxy ({@code NodeInfo.endpoints()}). */
    public static final String PROXY_ENDPOINT = "serve-proxy";
    private static final Logger LOG = LoggerFactory.getLogger(ServeRuntime.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger SYSTEMS = new AtomicInteger();

    private final ActorSystem<Void> system;
    /** The controller, or null on a cluster node other than the head (the head's controller places replicas here). */
    private final ActorRef<ControllerCommand> controller;
    /** This node's replica host on a cluster; else null. */
    private final ActorRef<HostCommand> host;
    /** On a cluster: the controller singleton's proxy on this node, and the controller itself while it runs here. */
    private final ActorRef<ControllerCommand> controllerProxy;
    private final java.util.concurrent.atomic.AtomicReference<ActorRef<ControllerCommand>> localController =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** The routes the head's controller last published, on a node without a controller. */
    private volatile List<RouteEntry> memberRoutes = List.of();
    private final ActorRef<AgentCommand> handleAgent;
    /** The Core node Serve runs on, or null when it has its own actor system. */
    private final NodeAgent node;
    private final ServeMetrics metrics = new ServeMetrics();
    private final RouterRegistry routers = new RouterRegistry(metrics);
    private final CallRegistry calls = new CallRegistry();
    /** Replicas callers here start calls on directly; none when messages are round-tripped through bytes. */
    private final LocalReplicas localReplicas;
    private final AtomicLong requestIds = new AtomicLong();
    private final KnownClasses knownClasses;
    private final MethodResolver methods = new MethodResolver();
    private final Map<String, ApplicationSpec> specs = new ConcurrentHashMap<>();
    private List<Ingress> ingresses;
    private final Tracing tracing;
    /** The proxy's URL as the node advertises it; null off a Core node or without a proxy. */
    private final String proxyUrl;

    private ServeRuntime(ServeOptions options) {
        this.tracing = Tracing.of(options.openTelemetry());
        this.localReplicas = options.serializeMessages() ? LocalReplicas.disabled() : LocalReplicas.enabled();
        LogbackSetup.install();
        var overrides = ConfigFactory.parseMap(Map.of("trellis.serialization.registries",
                List.of(ServeMessageRegistry.class.getName())));
        // On a Trellis Core node (Trellis.init or a node process in this JVM), Serve runs on the node's
        // actor system and takes replicas' resources from the node's ledger; alone, it has its own.
        this.node = options.serializeMessages() ? null : NodeAgent.current().orElse(null);
        int serial = SYSTEMS.incrementAndGet();
        this.system = node != null ? node.actorSystem()
                : ActorSystems.embedded(Behaviors.empty(), "trellis-" + serial, options.serializeMessages(), overrides);
        String suffix = node != null ? "-" + serial : "";
        var context = ServeSystemContext.get(system);
        this.knownClasses = context.knownClasses();
        context.handleFactory((app, deployment) -> newHandle(app, deployment, null));
        this.handleAgent = system.systemActorOf(HandleAgent.create(routers, calls, localReplicas),
                "handle-agent" + suffix, Props.empty());
        boolean clustered = node != null && node.clustered();
        if (clustered) {
            // The controller is a cluster singleton (on the oldest node, the head, unless it died);
            // every node offers to run it and hosts the replicas it places there.
            LOG.info("Serve runs on Trellis {} node {} ({}); the cluster's controller places replicas here",
                    node.role(), node.nodeId(), node.total());
            var metricsOfController = new ControllerMetrics(metrics);
            // Started here on every node, not when a controller first runs here: a node's replicator
            // must exist to receive the controller's writes, or a controller that later takes over
            // on this node would find nothing stored.
            var store = new ServeStateStore(system);
            Behavior<ControllerCommand> singleton = Behaviors.setup(ctx -> ServeController.create(options.clock(),
                    options.controlLoopInterval(), new ClusterLedger(node), options.maxConstructorRetries(), handleAgent,
                    this::replicaSetup, metricsOfController, store, clusterHooks()));
            this.controller = null;
            this.controllerProxy = ClusterSingleton.get(system).init(SingletonActor.of(singleton,
                    "trellis-serve-controller"));
            this.host = system.systemActorOf(ReplicaHost.create(node, handleAgent, this::replicaSetup, knownClasses,
                    this::onApps, controllerProxy), "serve-replica-host" + suffix, Props.empty());
        } else {
            ReplicaLedger ledger = node != null ? ResourceLedger.onNode(node) : new ResourceLedger(options.nodeResources());
            if (node != null) {
                LOG.info("Serve runs on Trellis node {} (its actor system and resources: {})", node.nodeId(),
                        node.total());
            }
            this.host = null;
            this.controllerProxy = null;
            this.controller = system.systemActorOf(ServeController.create(options.clock(), options.controlLoopInterval(),
                    ledger, options.maxConstructorRetries(), handleAgent,
                    this::replicaSetup, new ControllerMetrics(metrics)), "serve-controller" + suffix, Props.empty());
        }
        List<Ingress> started = startIngresses(options);
        synchronized (this) {
            this.ingresses = started;
        }
        this.proxyUrl = node == null ? null : httpAddress().map(ServeRuntime::url).orElse(null);
        if (proxyUrl != null) {
            node.advertise(PROXY_ENDPOINT, proxyUrl);
        }
        if (host != null) {
            applyMemberRoutes();
        }
    }

    private List<Ingress> startIngresses(ServeOptions options) {
        if (!options.http().enabled()) {
            return List.of();
        }
        var context = new IngressContext() {
            @Override
            public dev.trellis.serve.HttpOptions options() {
                return options.http();
            }

            @Override
            public ServeMetrics metrics() {
                return metrics;
            }

            @Override
            public <T> ActorDeploymentHandle<T> handle(String app, String deployment, Class<?> userClass) {
                return newHandle(app, deployment, userClass);
            }

            @Override
            public Tracing tracing() {
                return tracing;
            }
        };
        var started = new java.util.ArrayList<Ingress>();
        try {
            for (IngressProvider provider : ServiceLoader.load(IngressProvider.class)) {
                Ingress ingress = provider.start(context);
                if (ingress != null) {
                    LOG.info("HTTP proxy listening on {}", ingress.address());
                    started.add(ingress);
                }
            }
        } catch (RuntimeException e) {
            started.forEach(Ingress::close);
            stopActorSystem();
            throw e;
        }
        return List.copyOf(started);
    }

    /** {@code http://HOST:PORT} of {@code address}, with 127.0.0.1 for a wildcard address (to reach it from this machine). */
    static String url(java.net.InetSocketAddress address) {
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Where the HTTP proxy listens, if one runs. */
    public java.util.Optional<java.net.InetSocketAddress> httpAddress() {
        return ingresses.stream().map(Ingress::address).findFirst();
    }

    /** The head's controller's application list, on a node without a controller: routes for this node's proxy. */
    private void onApps(AppsUpdate update) {
        ClassLoader loader = ServeRuntime.class.getClassLoader();
        for (String name : update.deploymentClasses()) {
            try {
                knownClasses.register(Class.forName(name, false, loader));
            } catch (ClassNotFoundException e) {
                LOG.warn("deployment class {} is not on this node's class path; calls to it from here will fail", name);
            }
        }
        var routes = new java.util.ArrayList<RouteEntry>();
        for (AppsUpdate.Route r : update.routes()) {
            try {
                routes.add(new RouteEntry(r.applicationName(), r.routePrefix(), r.ingressDeployment(),
                        Class.forName(r.ingressClass(), false, loader)));
            } catch (ClassNotFoundException e) {
                LOG.warn("application {}: its ingress class {} is not on this node's class path; its route {} is not"
                        + " served here", r.applicationName(), r.ingressClass(), r.routePrefix());
            }
        }
        memberRoutes = List.copyOf(routes);
        applyMemberRoutes();
    }

    /** Hands the routes last published to this node's proxies (once they exist: the first update may come first). */
    private synchronized void applyMemberRoutes() {
        if (ingresses != null) {
            ingresses.forEach(i -> i.routesChanged(memberRoutes));
        }
    }

    /**
     * The node the controller singleton runs on: the oldest member that is up (Pekko's rule for a
     * singleton without a role), as a Trellis node id; null when no such member is known.
     */
    private String controllerNode() {
        var state = org.apache.pekko.cluster.typed.Cluster.get(system).state();
        org.apache.pekko.cluster.Member oldest = null;
        for (org.apache.pekko.cluster.Member m : state.getMembers()) {
            if (m.status() == org.apache.pekko.cluster.MemberStatus.up() && (oldest == null || m.isOlderThan(oldest))) {
                oldest = m;
            }
        }
        return oldest == null ? null : dev.trellis.core.internal.cluster.ClusterRoles.nodeIdOf(oldest).orElse(null);
    }

    /** The controller, or a clear error on a cluster node that does not run it now. */
    private ActorRef<ControllerCommand> controller() {
        if (controller != null) {
            return controller;
        }
        ActorRef<ControllerCommand> local = localController.get();
        if (local == null) {
            String where = controllerNode();
            throw new dev.trellis.serve.ControllerElsewhereException("Serve's controller does not run on this "
                    + node.role() + " node (" + node.nodeId() + "); it runs on the cluster's oldest node"
                    + (where == null ? " (none now: another node is taking over)" : ", " + where)
                    + ": deploy, update and inspect applications through that node's admin API"
                    + " (./trellis serve deploy/status --address ...)", where);
        }
        return local;
    }

    /** What the cluster's controller tells this node's runtime when it runs here. */
    private ServeController.ClusterHooks clusterHooks() {
        return new ServeController.ClusterHooks() {
            @Override
            public void started(ActorRef<ControllerCommand> ref) {
                localController.set(ref);
                LOG.info("Serve's controller runs on this node ({})", node.nodeId());
            }

            @Override
            public void stopped(ActorRef<ControllerCommand> ref) {
                localController.compareAndSet(ref, null);
            }

            @Override
            public void recovered(ApplicationSpec spec) {
                spec.deployments().values().forEach(d -> knownClasses.register(d.userClass()));
                LoggingRegistry.apply(spec);
                specs.put(spec.name(), spec);
                publishRoutes();
            }
        };
    }

    private void publishRoutes() {
        var routes = specs.values().stream()
                .filter(s -> s.routePrefix() != null)
                .map(s -> new RouteEntry(s.name(), s.routePrefix(), s.ingressName(), s.ingress().userClass()))
                .toList();
        ingresses.forEach(i -> i.routesChanged(routes));
    }

    public static ServeRuntime start(ServeOptions options) {
        return new ServeRuntime(options);
    }

    private ReplicaSetup replicaSetup(String replicaId, DeploymentSpec spec, ActorRef<ControllerCommand> controller) {
        return new ReplicaSetup(replicaId, spec, controller, this::handleFor, methods, metrics, tracing, localReplicas);
    }

    private DeploymentHandle<?> handleFor(HandleRef ref) {
        return newHandle(ref.applicationName(), ref.deploymentName(), ref.userClass());
    }

    private <T> ActorDeploymentHandle<T> newHandle(String app, String deployment, Class<?> userClass) {
        return new ActorDeploymentHandle<>(app, deployment, userClass, routers.router(app, deployment), requestIds,
                knownClasses, tracing);
    }

    /** Plans {@code app} and has every ingress check it, as {@link #deploy} does first; changes nothing. */
    public void check(Application<?> app, String name, String routePrefix) {
        checkedPlan(app, name, routePrefix);
    }

    private ApplicationSpec checkedPlan(Application<?> app, String name, String routePrefix) {
        ApplicationSpec spec = ApplicationPlanner.plan(app, name, routePrefix);
        ingresses.forEach(i -> i.validate(spec));
        return spec;
    }

    public <T> DeploymentHandle<T> deploy(Application<T> app, String name, String routePrefix) {
        ApplicationSpec spec = checkedPlan(app, name, routePrefix);
        spec.deployments().values().forEach(d -> knownClasses.register(d.userClass()));
        var accepted = new CompletableFuture<Void>();
        controller().tell(new ServeController.Deploy(spec, accepted));
        await(accepted, "deploy application '" + name + "'");
        LoggingRegistry.apply(spec);
        specs.put(name, spec);
        publishRoutes();
        return newHandle(name, spec.ingressName(), spec.ingress().userClass());
    }

    public <T> DeploymentHandle<T> run(Application<T> app, String name, String routePrefix) {
        DeploymentHandle<T> handle = deploy(app, name, routePrefix);
        var outcome = new CompletableFuture<ServeController.AwaitOutcome>();
        controller().tell(new ServeController.AwaitApplication(name, outcome));
        ServeController.AwaitOutcome result = waitUnbounded(outcome, "application '" + name + "' to start");
        if (result.blockedOnResources()) {
            LOG.warn("application '{}' is waiting for resources: {}", name, result.message());
        } else if (result.status() != ApplicationStatus.RUNNING) {
            throw new DeploymentFailedException("application '" + name + "' is " + result.status() + ": "
                    + result.message());
        }
        return handle;
    }

    @SuppressWarnings("unchecked")
    public <T> DeploymentHandle<T> appHandle(String appName) {
        ApplicationSpec spec = specs.get(appName);
        if (spec == null) {
            throw new IllegalArgumentException("no application named '" + appName + "'; applications: " + specs.keySet());
        }
        return newHandle(appName, spec.ingressName(), spec.ingress().userClass());
    }

    public <T> DeploymentHandle<T> deploymentHandle(String appName, String deploymentName) {
        ApplicationSpec spec = specs.get(appName);
        if (spec == null) {
            throw new IllegalArgumentException("no application named '" + appName + "'; applications: " + specs.keySet());
        }
        DeploymentSpec d = spec.deployments().get(deploymentName);
        if (d == null) {
            throw new IllegalArgumentException("application '" + appName + "' has no deployment named '"
                    + deploymentName + "'; deployments: " + spec.deployments().keySet());
        }
        return newHandle(appName, deploymentName, d.userClass());
    }

    public void delete(String appName) {
        var done = new CompletableFuture<Void>();
        controller().tell(new ServeController.Delete(appName, done));
        specs.remove(appName);
        LoggingRegistry.remove(appName);
        publishRoutes();
        waitUnbounded(done, "application '" + appName + "' to be deleted");
    }

    public ServeStatus status() {
        var status = new CompletableFuture<ServeStatus>();
        controller().tell(new ServeController.GetStatus(status));
        return await(status, "status");
    }

    /**
     * Deletes every application (each drains within its graceful_shutdown_timeout), then stops the
     * actor system (on a Core node: only Serve's actors on the node's system).
     */
    public void shutdown() {
        if (proxyUrl != null) {
            node.withdraw(PROXY_ENDPOINT, proxyUrl);
        }
        ingresses.forEach(Ingress::close);
        try {
            if (controller != null || localController.get() != null) {
                for (String app : status().applications().keySet()) {
                    delete(app);
                }
            }
        } finally {
            metrics.close();
            stopActorSystem();
        }
    }

    private void stopActorSystem() {
        if (node != null) {
            // The node's system outlives Serve: stop only Serve's own actors on it.
            var classic = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system);
            if (controller != null) {
                classic.stop(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(controller));
            }
            if (host != null) {
                classic.stop(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(host));
            }
            classic.stop(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(handleAgent));
            return;
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("actor system did not terminate cleanly: {}", e.toString());
        }
    }

    /** This runtime's metrics. */
    public ServeMetrics metrics() {
        return metrics;
    }

    /** Calls in flight from this node to replicas (for tests' teardown invariants). */
    public int callsInFlight() {
        return calls.size();
    }

    private static <V> V await(CompletableFuture<V> future, String what) {
        try {
            return future.get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ServeException("the Serve controller did not answer within " + ASK_TIMEOUT + " (" + what + ")");
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServeException("interrupted while waiting for " + what);
        }
    }

    /** For waits whose bound is the controller's own (start retries, graceful shutdown timeouts). */
    private static <V> V waitUnbounded(CompletableFuture<V> future, String what) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServeException("interrupted while waiting for " + what);
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException r ? r : new ServeException(e.getCause().toString(), e.getCause());
    }
}
