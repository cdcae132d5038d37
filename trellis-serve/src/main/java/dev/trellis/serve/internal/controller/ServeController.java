package dev.trellis.serve.internal.controller;

import dev.trellis.serve.ApplicationStatus;
import dev.trellis.serve.ServeStatus;
import dev.trellis.serve.internal.cluster.ReplicaHost;
import dev.trellis.serve.internal.cluster.ReplicaSpecs;
import dev.trellis.serve.internal.messages.AgentCommand;
import dev.trellis.serve.internal.messages.AppsUpdate;
import dev.trellis.serve.internal.messages.HostCommand;
import dev.trellis.serve.internal.messages.ListReplicas;
import dev.trellis.serve.internal.messages.ReplicaPlacement;
import dev.trellis.serve.internal.messages.StartReplica;
import dev.trellis.serve.internal.messages.StopReplica;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import dev.trellis.serve.internal.messages.CheckHealth;
import dev.trellis.serve.internal.messages.ControllerCommand;
import dev.trellis.serve.internal.autoscaling.ScalingDecision;
import dev.trellis.serve.internal.messages.Drain;
import dev.trellis.serve.internal.messages.LoadReport;
import dev.trellis.serve.internal.messages.LoadReporting;
import dev.trellis.serve.internal.messages.Reconfigure;
import dev.trellis.serve.internal.messages.ReplicaCommand;
import dev.trellis.serve.internal.messages.ReplicaEvent;
import dev.trellis.serve.internal.messages.RouterUpdate;
import dev.trellis.serve.internal.messages.ScaleFromZero;
import dev.trellis.serve.internal.metrics.ControllerMetrics;
import dev.trellis.serve.internal.replica.ReplicaActor;
import dev.trellis.serve.internal.replica.ReplicaSetup;
import dev.trellis.serve.internal.spec.ApplicationSpec;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The controller: owns the desired state of every application and reconciles the replicas
 * toward it, on a timer tick (default 100 ms) and after every event. Each tick runs small,
 * isolated steps, one per deployment plus publishing and bookkeeping, and a step that throws
 * is logged and skipped, so no single failure stops the loop. The logic lives in
 * {@link ApplicationState}/{@link DeploymentState}; this actor feeds them events and time and
 * carries out their {@link ReplicaAction}s. Replicas are its children.
 *
 * <p>Autoscaling: on every timer tick (not after every event, so a policy is asked at a steady
 * pace, as in Ray) each autoscaled deployment decides its target from the load reports that the
 * handle agents send ({@link LoadReport}, asked for with {@link LoadReporting}); a
 * {@link ScaleFromZero} from an agent scales a deployment up from zero at once. Each change of
 * target is logged at INFO.
 *
 * <p>The API-facing commands ({@link Deploy}, {@link Delete}, ...) carry Java objects and
 * futures and are local to the JVM that hosts the controller; everything exchanged with
 * replicas and handle agents is serializable.
 */
public final class ServeController extends AbstractBehavior<ControllerCommand> {
    /** Deploy or update an application; {@code accepted} completes once it is recorded. */
    public record Deploy(ApplicationSpec spec, CompletableFuture<Void> accepted)
            implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    /** Completes when the application is RUNNING, has failed, or is blocked waiting for resources. */
    public record AwaitApplication(String name, CompletableFuture<AwaitOutcome> outcome)
            implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    /** Delete an application; {@code done} completes when all of its replicas have stopped. */
    public record Delete(String name, CompletableFuture<Void> done)
            implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    public record GetStatus(CompletableFuture<ServeStatus> status)
            implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    /** How {@link AwaitApplication} ended. */
    public record AwaitOutcome(ApplicationStatus status, String message, boolean blockedOnResources) {
    }

    private record Tick() implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    private record ReplicaTerminated(String replicaId) implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    private record HealthResult(String replicaId, boolean healthy, String message)
            implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    private record ReconfigureResult(String replicaId, boolean ok, String message,
                                     com.fasterxml.jackson.databind.JsonNode config, int maxOngoing)
            implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    /** The replica hosts the receptionist lists (this node's own, if any, among them). */
    private record HostsListed(java.util.Set<ActorRef<HostCommand>> hosts)
            implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    private record HostTerminated(ActorRef<HostCommand> host)
            implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    /** The failure detector lost the member {@code nodeId} ({@code reachable} false) or found it again; null: no Trellis node. */
    private record Reachability(String nodeId, boolean reachable)
            implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    /** Builds the setup of a replica to spawn. */
    @FunctionalInterface
    public interface ReplicaSetupFactory {
        ReplicaSetup setup(String replicaId, DeploymentSpec spec, ActorRef<ControllerCommand> controller);
    }

    private final InstantSource clock;
    private final ReplicaLedger ledger;
    /** The ledger when Serve runs on a cluster of nodes; null on one node. */
    private final dev.trellis.serve.internal.cluster.ClusterLedger cluster;
    /** Replica hosts of other nodes, by node id, and the hosts seen whose node is not known yet. */
    private final Map<String, ActorRef<HostCommand>> hosts = new HashMap<>();
    private java.util.Set<ActorRef<HostCommand>> hostRefs = java.util.Set.of();
    /** This node's own replica host, on a cluster (it holds replicas placed here while another node's controller ran). */
    private ActorRef<HostCommand> localHost;
    private AppsUpdate appsPublished;
    /** Where the desired state lives on a cluster (null on one node), and this controller's hooks there. */
    private final dev.trellis.serve.internal.cluster.ServeStateStore store;
    private final ClusterHooks hooks;
    /**
     * Until the stored state is read and the replica hosts had a moment to say what runs on them,
     * the control loop starts and stops nothing: a controller that took over from one on a dead
     * node adopts the running replicas instead of starting new ones.
     */
    private boolean recovering;
    /** Nodes whose replica host listed its replicas since the stored state was loaded (recovery ends when all have). */
    private final java.util.Set<String> hostsAnswered = new java.util.HashSet<>();
    private boolean stateLoaded;
    private final int maxStartAttempts;
    private final ActorRef<AgentCommand> agent;
    private final ReplicaSetupFactory setups;
    private final ControllerMetrics metrics;
    private final org.apache.pekko.actor.typed.javadsl.TimerScheduler<ControllerCommand> timers;
    private final Map<String, ApplicationState> apps = new LinkedHashMap<>();
    private final Map<String, ActorRef<ReplicaCommand>> refs = new HashMap<>();
    private final Map<String, Long> published = new HashMap<>();
    private final List<AwaitApplication> awaiting = new ArrayList<>();
    private final Map<String, List<CompletableFuture<Void>>> deleting = new HashMap<>();
    /** The load reporting each autoscaled deployment's agent was last asked for, by deployment id. */
    private final Map<String, LoadReporting> reportingPublished = new HashMap<>();
    /** The autoscaling policy failure last logged per deployment id, so a failing policy logs once, not every tick. */
    private final Map<String, String> policyErrorsLogged = new HashMap<>();
    private int spawned;

    /**
     * What a controller on a cluster tells the runtime of its node: that it runs there now (it is a
     * cluster singleton, so it may start on any node), that it stopped, and each application it
     * rebuilt from the stored state.
     */
    public interface ClusterHooks {
        void started(ActorRef<ControllerCommand> controller);

        void stopped(ActorRef<ControllerCommand> controller);

        void recovered(ApplicationSpec spec);
    }

    /** How long a controller that found stored applications waits for the hosts' lists of replicas. */
    static final Duration RECOVERY_WINDOW = Duration.ofSeconds(3);

    public static Behavior<ControllerCommand> create(InstantSource clock, Duration tick, ReplicaLedger ledger,
                                                     int maxStartAttempts, ActorRef<AgentCommand> agent,
                                                     ReplicaSetupFactory setups, ControllerMetrics metrics) {
        return create(clock, tick, ledger, maxStartAttempts, agent, setups, metrics, null, null);
    }

    /** A controller on a cluster: {@code ledger} a {@code ClusterLedger}, its state in {@code store}. */
    public static Behavior<ControllerCommand> create(InstantSource clock, Duration tick, ReplicaLedger ledger,
                                                     int maxStartAttempts, ActorRef<AgentCommand> agent,
                                                     ReplicaSetupFactory setups, ControllerMetrics metrics,
                                                     dev.trellis.serve.internal.cluster.ServeStateStore store,
                                                     ClusterHooks hooks) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(new Tick(), tick);
            return new ServeController(ctx, clock, ledger, maxStartAttempts, agent, setups, metrics, store, hooks, timers);
        }));
    }

    private record StateLoaded(Map<String, String> applications)
            implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    private record RecoveryOver() implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    /** The stored state could not be read; it is read again after {@link #STATE_RETRY}. */
    private record StateLoadFailed(String reason) implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    private record LoadState() implements ControllerCommand, NoSerializationVerificationNeeded {
    }

    static final Duration STATE_RETRY = Duration.ofSeconds(1);

    private ServeController(ActorContext<ControllerCommand> ctx, InstantSource clock, ReplicaLedger ledger,
                            int maxStartAttempts, ActorRef<AgentCommand> agent, ReplicaSetupFactory setups,
                            ControllerMetrics metrics, dev.trellis.serve.internal.cluster.ServeStateStore store,
                            ClusterHooks hooks, org.apache.pekko.actor.typed.javadsl.TimerScheduler<ControllerCommand> timers) {
        super(ctx);
        this.store = store;
        this.hooks = hooks;
        this.timers = timers;
        // Pekko names the logger after the first caller it sees on the stack (often ActorCell, whose
        // level is WARN in most setups); name it after this class so its INFO lines show.
        ctx.setLoggerName(ServeController.class);
        this.clock = clock;
        this.ledger = ledger;
        this.cluster = ledger instanceof dev.trellis.serve.internal.cluster.ClusterLedger c ? c : null;
        if (cluster != null) {
            var adapter = ctx.messageAdapter(Receptionist.Listing.class,
                    listing -> new HostsListed(listing.getServiceInstances(ReplicaHost.KEY)));
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(ReplicaHost.KEY, adapter));
            var members = org.apache.pekko.cluster.typed.Cluster.get(ctx.getSystem()).subscriptions();
            ActorRef<org.apache.pekko.cluster.ClusterEvent.UnreachableMember> lost = ctx.messageAdapter(
                    org.apache.pekko.cluster.ClusterEvent.UnreachableMember.class,
                    e -> new Reachability(dev.trellis.core.internal.cluster.ClusterRoles.nodeIdOf(e.member()).orElse(null),
                            false));
            members.tell(org.apache.pekko.cluster.typed.Subscribe.create(lost,
                    org.apache.pekko.cluster.ClusterEvent.UnreachableMember.class));
            ActorRef<org.apache.pekko.cluster.ClusterEvent.ReachableMember> found = ctx.messageAdapter(
                    org.apache.pekko.cluster.ClusterEvent.ReachableMember.class,
                    e -> new Reachability(dev.trellis.core.internal.cluster.ClusterRoles.nodeIdOf(e.member()).orElse(null),
                            true));
            members.tell(org.apache.pekko.cluster.typed.Subscribe.create(found,
                    org.apache.pekko.cluster.ClusterEvent.ReachableMember.class));
        }
        if (store != null) {
            recovering = true;
            store.load(ctx, StateLoaded::new, StateLoadFailed::new);
        }
        if (hooks != null) {
            hooks.started(ctx.getSelf());
        }
        this.maxStartAttempts = maxStartAttempts;
        this.agent = agent;
        this.setups = setups;
        this.metrics = metrics;
    }

    @Override
    public Receive<ControllerCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(Tick.class, t -> onTick())
                .onMessage(LoadReport.class, this::onLoadReport)
                .onMessage(ScaleFromZero.class, this::onScaleFromZero)
                .onMessage(Deploy.class, this::onDeploy)
                .onMessage(Delete.class, this::onDelete)
                .onMessage(AwaitApplication.class, this::onAwait)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(ReplicaEvent.Started.class, e -> event(e.replicaId(), (d, now) -> {
                    d.onStarted(e.replicaId(), now);
                    metrics.replicaStarted(d.target().applicationName(), d.target().name());
                }))
                .onMessage(ReplicaEvent.StartFailed.class, e -> {
                    getContext().getLog().warn("replica {} failed to start: {}", e.replicaId(), e.message());
                    return event(e.replicaId(), (d, now) -> d.onStartFailed(e.replicaId(), e.message(), now));
                })
                .onMessage(ReplicaEvent.Crashed.class, e -> event(e.replicaId(), (d, now) -> d.onCrashed(e.replicaId(), e.message(), now)))
                .onMessage(ReplicaEvent.MultiplexedModelsChanged.class, e -> event(e.replicaId(),
                        (d, now) -> d.onMultiplexedModelsChanged(e.replicaId(), e.version(), e.modelIds())))
                .onMessage(HealthResult.class, e -> {
                    if (!e.healthy()) {
                        getContext().getLog().warn("replica {} failed its health check: {}", e.replicaId(), e.message());
                    }
                    return event(e.replicaId(), (d, now) -> d.onHealthResult(e.replicaId(), e.healthy(), e.message(), now));
                })
                .onMessage(ReconfigureResult.class, e -> event(e.replicaId(),
                        (d, now) -> d.onReconfigured(e.replicaId(), e.ok(), e.message(), e.config(), e.maxOngoing(), now)))
                .onMessage(HostsListed.class, this::onHostsListed)
                .onMessage(StateLoaded.class, this::onStateLoaded)
                .onMessage(StateLoadFailed.class, f -> {
                    getContext().getLog().warn("cannot read Serve's stored state ({}); reading it again in {}",
                            f.reason(), STATE_RETRY);
                    timers.startSingleTimer(new LoadState(), STATE_RETRY);
                    return this;
                })
                .onMessage(LoadState.class, l -> {
                    store.load(getContext(), StateLoaded::new, StateLoadFailed::new);
                    return this;
                })
                .onMessage(RecoveryOver.class, r -> {
                    if (!recovering) {
                        return this;
                    }
                    timers.cancel(new RecoveryOver());
                    recovering = false;
                    getContext().getLog().info("Serve controller on node {} is in charge ({} application(s))",
                            cluster.localNodeId(), apps.size());
                    return reconcileAll();
                })
                .onMessage(ListReplicas.Hosted.class, this::onHosted)
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
                    if (hooks != null) {
                        hooks.stopped(getContext().getSelf());
                    }
                    return this;
                })
                .onMessage(HostTerminated.class, this::onHostTerminated)
                .onMessage(Reachability.class, this::onReachability)
                .onMessage(ReplicaPlacement.Placed.class, this::onPlaced)
                .onMessage(ReplicaPlacement.Refused.class, e -> event(e.replicaId(),
                        (d, now) -> d.onPlacementRefused(e.replicaId(), e.reason(), now)))
                .onMessage(ReplicaTerminated.class, e -> {
                    refs.remove(e.replicaId());
                    return event(e.replicaId(), (d, now) -> d.onStopped(e.replicaId(), now));
                })
                .build();
    }

    private Behavior<ControllerCommand> onDeploy(Deploy deploy) {
        ApplicationSpec spec = deploy.spec();
        for (ApplicationState other : apps.values()) {
            String prefix = other.spec().routePrefix();
            if (!other.spec().name().equals(spec.name()) && !other.isDeleting() && prefix != null
                    && prefix.equals(spec.routePrefix())) {
                deploy.accepted().completeExceptionally(new IllegalArgumentException("route_prefix " + prefix
                        + " is already used by application '" + other.spec().name() + "'"));
                return this;
            }
        }
        if (cluster != null) {
            for (var d : spec.deployments().values()) {
                String why = ReplicaSpecs.notPortable(d);
                cluster.pinLocal(d.id(), why != null);
                if (why != null) {
                    getContext().getLog().info("deployment {} stays on this node: {}", d.id(), why);
                }
            }
        }
        if (store != null) {
            if (spec.configSource() != null) {
                store.put(getContext(), spec.name(), dev.trellis.serve.internal.cluster.ConfigSources.text(spec.configSource()));
            } else {
                getContext().getLog().warn("application '{}' was deployed by code, not from a config: if this"
                        + " controller's node dies, the next controller cannot rebuild it", spec.name());
            }
        }
        ApplicationState existing = apps.get(spec.name());
        if (existing == null) {
            apps.put(spec.name(), new ApplicationState(spec, ledger, maxStartAttempts));
        } else {
            existing.update(spec);
        }
        deploy.accepted().complete(null);
        return reconcileAll();
    }

    private Behavior<ControllerCommand> onDelete(Delete delete) {
        ApplicationState app = apps.get(delete.name());
        if (app == null) {
            delete.done().complete(null);
            return this;
        }
        app.markDeleting();
        deleting.computeIfAbsent(delete.name(), k -> new ArrayList<>()).add(delete.done());
        return reconcileAll();
    }

    private Behavior<ControllerCommand> onAwait(AwaitApplication await) {
        awaiting.add(await);
        resolveAwaiting();
        return this;
    }

    private Behavior<ControllerCommand> onGetStatus(GetStatus get) {
        var map = new LinkedHashMap<String, ServeStatus.ApplicationOverview>();
        apps.forEach((name, app) -> map.put(name, app.overview()));
        get.status().complete(new ServeStatus(java.util.Collections.unmodifiableMap(map)));
        return this;
    }

    @FunctionalInterface
    private interface StateEvent {
        void apply(DeploymentState deployment, Instant now);
    }

    private Behavior<ControllerCommand> event(String replicaId, StateEvent apply) {
        DeploymentState d = owner(replicaId);
        if (d != null) {
            try {
                apply.apply(d, clock.instant());
            } catch (RuntimeException e) {
                getContext().getLog().error("handling an event of replica {} failed", replicaId, e);
            }
        }
        return reconcileAll();
    }

    private DeploymentState owner(String replicaId) {
        String[] parts = replicaId.split("#");
        if (parts.length != 3) {
            return null;
        }
        ApplicationState app = apps.get(parts[0]);
        return app == null ? null : app.deployments().get(parts[1]);
    }

    private Behavior<ControllerCommand> onTick() {
        step("find replica hosts", this::refreshHosts);
        step("autoscale", this::autoscaleAll);
        reconcileAll();
        step("record metrics", this::recordMetrics);
        return this;
    }

    /** Hands every deployment's replica counts and states to the metrics (once per tick, not per event). */
    private void recordMetrics() {
        for (ApplicationState app : apps.values()) {
            for (DeploymentState d : app.deployments().values()) {
                metrics.observe(app.spec().name(), d.target().name(), d.targetReplicas(), d.routableReplicas().size(),
                        d.overview().replicas());
            }
        }
        metrics.observed(apps.size());
    }

    private DeploymentState deployment(String appName, String deploymentName) {
        ApplicationState app = apps.get(appName);
        return app == null ? null : app.deployments().get(deploymentName);
    }

    private Behavior<ControllerCommand> onLoadReport(LoadReport report) {
        DeploymentState d = deployment(report.applicationName(), report.deploymentName());
        if (d != null) {
            try {
                d.onLoadReport(report.reporter(), report.queued(), report.inFlight(), clock.instant());
            } catch (RuntimeException e) {
                getContext().getLog().error("recording a load report for {} failed", d.target().id(), e);
            }
        }
        return this;
    }

    private Behavior<ControllerCommand> onScaleFromZero(ScaleFromZero request) {
        DeploymentState d = deployment(request.applicationName(), request.deploymentName());
        if (d == null) {
            return this;
        }
        ScalingDecision decision;
        try {
            decision = d.onRequestsWaiting(clock.instant());
        } catch (RuntimeException e) {
            getContext().getLog().error("scaling {} up from zero failed", d.target().id(), e);
            return this;
        }
        if (decision == null) {
            return this;
        }
        logScaling(decision);
        return reconcileAll();
    }

    /** Each autoscaled deployment's tick: a policy decision, isolated per deployment. */
    private void autoscaleAll() {
        Instant now = clock.instant();
        for (ApplicationState app : apps.values()) {
            for (DeploymentState d : app.deployments().values()) {
                try {
                    logScaling(d.autoscale(now));
                    String problem = d.autoscalingProblem();
                    if (!problem.equals(policyErrorsLogged.getOrDefault(d.target().id(), ""))) {
                        if (!problem.isEmpty()) {
                            getContext().getLog().warn("autoscaling {}: {}", d.target().id(), problem);
                        }
                        policyErrorsLogged.put(d.target().id(), problem);
                    }
                } catch (RuntimeException e) {
                    getContext().getLog().error("autoscaling step for deployment {} failed", d.target().id(), e);
                }
            }
        }
    }

    private void logScaling(ScalingDecision decision) {
        if (decision != null) {
            getContext().getLog().info("autoscaling {}: {}", decision.deploymentId(), decision.describe());
        }
    }

    /**
     * Asks the agent for load reports on every autoscaled deployment, at its metrics interval,
     * and to stop for deployments that no longer autoscale or are being deleted.
     */
    private void publishLoadReporting() {
        var wanted = new HashMap<String, LoadReporting>();
        for (ApplicationState app : apps.values()) {
            for (DeploymentState d : app.deployments().values()) {
                var config = d.autoscalingConfig();
                if (config != null && !d.isDeleting()) {
                    wanted.put(d.target().id(), new LoadReporting(app.spec().name(), d.target().name(),
                            config.metricsInterval(), getContext().getSelf()));
                }
            }
        }
        wanted.forEach((id, reporting) -> {
            if (!reporting.equals(reportingPublished.get(id))) {
                broadcast(reporting);
                reportingPublished.put(id, reporting);
            }
        });
        for (Iterator<Map.Entry<String, LoadReporting>> it = reportingPublished.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!wanted.containsKey(entry.getKey())) {
                var last = entry.getValue();
                broadcast(new LoadReporting(last.applicationName(), last.deploymentName(), null, last.reportTo()));
                policyErrorsLogged.remove(entry.getKey());
                it.remove();
            }
        }
    }

    /** One pass of the control loop. Every step is isolated: a failure is logged, the rest still run. */
    private Behavior<ControllerCommand> reconcileAll() {
        if (recovering) {
            return this;
        }
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<ReplicaAction> drains = new ArrayList<>();
        for (ApplicationState app : apps.values()) {
            for (DeploymentState d : app.deployments().values()) {
                try {
                    for (ReplicaAction action : d.reconcile(now)) {
                        if (action instanceof ReplicaAction.Stop) {
                            drains.add(action);
                        } else {
                            execute(action);
                        }
                    }
                } catch (RuntimeException e) {
                    getContext().getLog().error("reconcile step for deployment {} failed", d.target().id(), e);
                }
            }
        }
        step("publish load reporting", this::publishLoadReporting);
        step("publish replica sets", this::publishRouting);
        // Routers are told a replica is gone before it is told to drain, so few calls race the
        // drain; those that do are rejected by the replica unstarted and retried elsewhere.
        step("drain stopped replicas", () -> drains.forEach(this::execute));
        step("publish applications", this::publishApps);
        step("finish deletions", this::finishDeletions);
        step("resolve waiters", this::resolveAwaiting);
        long nanos = System.nanoTime() - started;
        metrics.loopPassed(nanos);
        long micros = nanos / 1000;
        if (micros > 500_000) {
            getContext().getLog().warn("control loop pass took {} ms", micros / 1000);
        }
        return this;
    }

    private void step(String name, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            getContext().getLog().error("control loop step '{}' failed", name, e);
        }
    }

    private void execute(ReplicaAction action) {
        String id = action.replicaId();
        ActorRef<ReplicaCommand> ref = refs.get(id);
        switch (action) {
            case ReplicaAction.Start start when ledger.remoteNode(id) != null -> startRemote(id, start);
            case ReplicaAction.Start start -> {
                ReplicaSetup setup = setups.setup(id, start.spec(), getContext().getSelf());
                ActorRef<ReplicaCommand> child = getContext().spawn(ReplicaActor.create(setup), "replica-" + (++spawned));
                refs.put(id, child);
                getContext().watchWith(child, new ReplicaTerminated(id));
            }
            case ReplicaAction.Stop stop -> {
                if (ref != null) {
                    ref.tell(new Drain(stop.waitLoop()));
                }
            }
            case ReplicaAction.Kill kill -> {
                String remote = ledger.remoteNode(id);
                if (remote != null) {
                    ActorRef<HostCommand> host = hostOf(remote);
                    if (host != null) {
                        host.tell(new StopReplica(id));
                    } else {
                        getContext().getSelf().tell(new ReplicaTerminated(id));
                    }
                } else if (ref != null) {
                    getContext().stop(ref);
                }
            }
            case ReplicaAction.CheckHealth check -> {
                if (ref != null) {
                    getContext().ask(CheckHealth.HealthReport.class, ref, check.timeout(), CheckHealth::new,
                            (report, failure) -> report != null
                                    ? new HealthResult(id, report.healthy(), report.message())
                                    : new HealthResult(id, false, "no answer within health_check_timeout "
                                            + check.timeout()));
                }
            }
            case ReplicaAction.Reconfigure r -> {
                if (ref != null) {
                    getContext().ask(Reconfigure.Reconfigured.class, ref, RECONFIGURE_TIMEOUT,
                            replyTo -> new Reconfigure(r.userConfig(), r.maxOngoingRequests(), replyTo),
                            (done, failure) -> done != null
                                    ? new ReconfigureResult(id, done.ok(), done.message(), r.userConfig(), r.maxOngoingRequests())
                                    : new ReconfigureResult(id, false, "reconfigure did not finish within "
                                            + RECONFIGURE_TIMEOUT, r.userConfig(), r.maxOngoingRequests()));
                }
            }
        }
    }

    /** A reconfigure may load a model; it gets far longer than a health check, but not forever. */
    private static final Duration RECONFIGURE_TIMEOUT = Duration.ofMinutes(5);

    /** Tells this node's handle agent and every other node's replica host (which hands it to its agent). */
    private <M extends AgentCommand & HostCommand> void broadcast(M message) {
        agent.tell(message);
        hosts.values().forEach(h -> h.tell(message));
    }

    private void startRemote(String id, ReplicaAction.Start start) {
        String node = ledger.remoteNode(id);
        ActorRef<HostCommand> host = hosts.get(node);
        if (host == null) {
            getContext().getSelf().tell(new ReplicaPlacement.Refused(id, node, "node " + node + " has no replica host now"));
            return;
        }
        StartReplica message;
        try {
            message = ReplicaSpecs.encode(id, start.spec(), getContext().getSelf());
        } catch (IllegalArgumentException e) {
            getContext().getSelf().tell(new ReplicaEvent.StartFailed(id, e.getMessage()));
            return;
        }
        host.tell(message);
    }

    private Behavior<ControllerCommand> onPlaced(ReplicaPlacement.Placed placed) {
        String id = placed.replicaId();
        DeploymentState d = owner(id);
        if (d == null || !placed.nodeId().equals(ledger.remoteNode(id))) {
            // Deleted or given up while the start was on its way: the replica goes again.
            ActorRef<HostCommand> host = hostOf(placed.nodeId());
            if (host != null) {
                host.tell(new StopReplica(id));
            }
            return this;
        }
        refs.put(id, placed.ref());
        getContext().watchWith(placed.ref(), new ReplicaTerminated(id));
        return this;
    }

    private Behavior<ControllerCommand> onHostsListed(HostsListed listed) {
        hostRefs = listed.hosts().stream().filter(h -> !h.path().address().hasLocalScope())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        var local = listed.hosts().stream().filter(h -> h.path().address().hasLocalScope()).findFirst().orElse(null);
        if (local != null && !local.equals(localHost)) {
            localHost = local;
            local.tell(new ListReplicas(getContext().getSelf()));
        }
        refreshHosts();
        return this;
    }

    /** Maps listed hosts to node ids (a host may be listed before its node's first report arrives). */
    private void refreshHosts() {
        if (cluster == null) {
            return;
        }
        var next = new HashMap<String, ActorRef<HostCommand>>();
        for (ActorRef<HostCommand> h : hostRefs) {
            var address = h.path().address();
            String node = address.host().isDefined() && address.port().isDefined()
                    ? cluster.nodeAt(address.host().get() + ":" + address.port().get()) : null;
            if (node != null) {
                next.put(node, h);
            }
        }
        if (next.equals(hosts)) {
            return;
        }
        for (var e : next.entrySet()) {
            if (!e.getValue().equals(hosts.get(e.getKey()))) {
                getContext().watchWith(e.getValue(), new HostTerminated(e.getValue()));
                getContext().getLog().info("replica host of node {} joined", e.getKey());
                welcome(e.getValue());
            }
        }
        hosts.clear();
        hosts.putAll(next);
        cluster.hostsChanged(hosts.keySet());
    }

    /** The replica host of {@code node} (this node's own included); null when none is known. */
    private ActorRef<HostCommand> hostOf(String node) {
        return node.equals(cluster.localNodeId()) && localHost != null ? localHost : hosts.get(node);
    }

    /**
     * The stored applications: none on a cluster's first controller; on one that took over, those
     * its predecessor ran, rebuilt from their config entries. Their replicas that still run are
     * adopted as the hosts list them, for {@link #RECOVERY_WINDOW}; then the loop starts what is missing.
     */
    private Behavior<ControllerCommand> onStateLoaded(StateLoaded loaded) {
        if (loaded.applications().isEmpty()) {
            recovering = false;
            return reconcileAll();
        }
        for (var e : loaded.applications().entrySet()) {
            if (apps.containsKey(e.getKey())) {
                continue;
            }
            try {
                ApplicationSpec spec = dev.trellis.serve.internal.cluster.ConfigSources.rebuild(e.getValue());
                for (var d : spec.deployments().values()) {
                    cluster.pinLocal(d.id(), ReplicaSpecs.notPortable(d) != null);
                }
                apps.put(spec.name(), new ApplicationState(spec, ledger, maxStartAttempts));
                hooks.recovered(spec);
                getContext().getLog().info("application '{}' taken over from the stored state", spec.name());
            } catch (RuntimeException ex) {
                getContext().getLog().error("cannot rebuild stored application '{}': {}", e.getKey(), ex.getMessage());
            }
        }
        stateLoaded = true;
        hostsAnswered.clear();
        hosts.values().forEach(h -> h.tell(new ListReplicas(getContext().getSelf())));
        if (localHost != null) {
            localHost.tell(new ListReplicas(getContext().getSelf()));
        }
        timers.startSingleTimer(new RecoveryOver(), RECOVERY_WINDOW);
        return this;
    }

    /**
     * Whether the replica host of every node that is up, reachable and may host replicas (not a
     * driver) has listed its replicas: the adoption window can then end early. A node without
     * a host (started without Serve) never answers, and the window runs its full length.
     */
    private boolean everyHostAnswered() {
        var state = org.apache.pekko.cluster.typed.Cluster.get(getContext().getSystem()).state();
        for (org.apache.pekko.cluster.Member m : state.getMembers()) {
            if (m.status() != org.apache.pekko.cluster.MemberStatus.up() || state.getUnreachable().contains(m)
                    || !m.hasRole(dev.trellis.core.internal.cluster.ClusterRoles.DIRECTORY)) {
                continue;
            }
            String id = dev.trellis.core.internal.cluster.ClusterRoles.nodeIdOf(m).orElse(null);
            if (id != null && !hostsAnswered.contains(id)) {
                return false;
            }
        }
        return true;
    }

    /** A host's replicas: those of known deployments are adopted; the rest (deleted since) are stopped. */
    private Behavior<ControllerCommand> onHosted(ListReplicas.Hosted hosted) {
        Instant now = clock.instant();
        for (ListReplicas.Replica replica : hosted.replicas()) {
            String id = replica.start().replicaId();
            DeploymentState d = owner(id);
            ActorRef<HostCommand> host = hostOf(hosted.nodeId());
            if (d == null) {
                // Once the stored state is loaded, a replica of no known application is an orphan (its
                // application was deleted, or deployed by code on a node that died): it goes. An answer
                // that came before the state is ignored; the hosts are asked again once it is loaded.
                if (host != null && (!recovering || stateLoaded)) {
                    getContext().getLog().info("stopping replica {} on node {}: its application is not deployed",
                            id, hosted.nodeId());
                    host.tell(new StopReplica(id));
                }
                continue;
            }
            try {
                var spec = ReplicaSpecs.decode(replica.start(), ServeController.class.getClassLoader());
                if (d.adopt(id, spec, replica.started(), now)) {
                    cluster.adopt(id, hosted.nodeId(), replica.start().resources());
                    refs.put(id, replica.ref());
                    getContext().watchWith(replica.ref(), new ReplicaTerminated(id));
                    getContext().getLog().info("adopted replica {} running on node {}", id, hosted.nodeId());
                }
            } catch (ClassNotFoundException | RuntimeException e) {
                getContext().getLog().warn("cannot adopt replica {} on node {}: {}", id, hosted.nodeId(), e.toString());
            }
        }
        if (recovering && stateLoaded && hostsAnswered.add(hosted.nodeId())) {
            if (everyHostAnswered()) {
                getContext().getLog().info("every replica host listed its replicas; the adoption window ends early");
                getContext().getSelf().tell(new RecoveryOver());
            }
        }
        return recovering ? this : reconcileAll();
    }

    /** Brings a new host up to date: applications, every deployment's replica set, load reporting. */
    private void welcome(ActorRef<HostCommand> host) {
        if (store != null) {
            host.tell(new ListReplicas(getContext().getSelf()));
        }
        if (appsPublished != null) {
            host.tell(appsPublished);
        }
        reportingPublished.values().forEach(host::tell);
        published.clear();
    }

    private Behavior<ControllerCommand> onHostTerminated(HostTerminated gone) {
        String node = null;
        for (var e : hosts.entrySet()) {
            if (e.getValue().equals(gone.host())) {
                node = e.getKey();
            }
        }
        if (node == null) {
            return this;
        }
        getContext().getLog().warn("replica host of node {} is gone; its replicas are replaced", node);
        hosts.remove(node);
        cluster.reachability(node, true); // gone for good: a node joining later under this id starts clean
        hostRefs = hostRefs.stream().filter(h -> !h.equals(gone.host()))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        cluster.hostsChanged(hosts.keySet());
        for (String id : cluster.replicasOn(node)) {
            getContext().getSelf().tell(new ReplicaTerminated(id));
        }
        return this;
    }

    /**
     * A node the failure detector lost gets no new replica, and its replicas are replaced on other
     * nodes at once (about {@code acceptable-heartbeat-pause} after it stopped answering) instead
     * of when the split brain resolver downs it; their host is told to stop them, which it does if
     * the node comes back. When it does, the stop is sent again in case the first was lost.
     */
    private Behavior<ControllerCommand> onReachability(Reachability change) {
        String node = change.nodeId();
        if (node == null || node.equals(cluster.localNodeId())) {
            return this;
        }
        cluster.reachability(node, change.reachable());
        Instant now = clock.instant();
        if (change.reachable()) {
            getContext().getLog().info("node {} is reachable again", node);
            ActorRef<HostCommand> host = hostOf(node);
            for (String id : cluster.replicasOn(node)) {
                DeploymentState d = owner(id);
                if (host != null && (d == null || d.stateOf(id) == dev.trellis.serve.ReplicaState.STOPPING)) {
                    host.tell(new StopReplica(id));
                }
            }
            return this;
        }
        var lost = cluster.replicasOn(node);
        getContext().getLog().warn("node {} is unreachable; its {} replica(s) are replaced on other nodes", node, lost.size());
        for (String id : lost) {
            DeploymentState d = owner(id);
            if (d != null) {
                d.onNodeLost(id, node, now);
            }
        }
        return reconcileAll();
    }

    /** Tells other nodes' hosts the routes and deployment classes, when they change. */
    private void publishApps() {
        if (cluster == null) {
            return;
        }
        var routes = new ArrayList<AppsUpdate.Route>();
        var classes = new java.util.TreeSet<String>();
        for (ApplicationState app : apps.values()) {
            var spec = app.spec();
            for (var d : spec.deployments().values()) {
                if (d.userClass() != null) {
                    classes.add(d.userClass().getName());
                }
            }
            if (spec.routePrefix() != null && !app.isDeleting()) {
                routes.add(new AppsUpdate.Route(spec.name(), spec.routePrefix(), spec.ingressName(),
                        spec.ingress().userClass().getName()));
            }
        }
        var update = new AppsUpdate(routes, List.copyOf(classes));
        if (!update.equals(appsPublished)) {
            appsPublished = update;
            hosts.values().forEach(h -> h.tell(update));
        }
    }

    private void publishRouting() {
        for (ApplicationState app : apps.values()) {
            for (DeploymentState d : app.deployments().values()) {
                String key = d.target().id();
                Long last = published.get(key);
                if (last != null && last == d.routingVersion()) {
                    continue;
                }
                published.put(key, d.routingVersion());
                var endpoints = new ArrayList<RouterUpdate.Endpoint>();
                for (String id : d.routableReplicas()) {
                    ActorRef<ReplicaCommand> ref = refs.get(id);
                    if (ref != null) {
                        endpoints.add(new RouterUpdate.Endpoint(id, ref, d.multiplexedModelIds(id),
                                d.maxNumModelsPerReplica(id)));
                    }
                }
                var config = d.target().config();
                broadcast(new RouterUpdate(app.spec().name(), d.target().name(), endpoints,
                        config.maxOngoingRequests(), config.maxQueuedRequests(), d.unavailableMessage()));
            }
        }
    }

    private void finishDeletions() {
        for (Iterator<Map.Entry<String, ApplicationState>> it = apps.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            ApplicationState app = entry.getValue();
            var before = new ArrayList<>(app.deployments().values());
            boolean gone = app.removeStopped();
            for (DeploymentState d : before) {
                if (d.isGone()) {
                    published.remove(d.target().id());
                    broadcast(new RouterUpdate(app.spec().name(), d.target().name(), List.of(), 1, -1,
                            "deployment " + d.target().id() + " was deleted"));
                }
            }
            if (gone) {
                it.remove();
                if (store != null) {
                    store.remove(getContext(), entry.getKey());
                }
                for (var done : deleting.getOrDefault(entry.getKey(), List.of())) {
                    done.complete(null);
                }
                deleting.remove(entry.getKey());
            }
        }
    }

    private void resolveAwaiting() {
        for (Iterator<AwaitApplication> it = awaiting.iterator(); it.hasNext(); ) {
            AwaitApplication await = it.next();
            ApplicationState app = apps.get(await.name());
            AwaitOutcome outcome = null;
            if (app == null || app.isDeleting()) {
                outcome = new AwaitOutcome(ApplicationStatus.DELETING, "application '" + await.name()
                        + "' was deleted", false);
            } else {
                ApplicationStatus status = app.status();
                if (status != ApplicationStatus.DEPLOYING) {
                    outcome = new AwaitOutcome(status, app.message(), false);
                } else if (app.isBlockedOnResources()) {
                    outcome = new AwaitOutcome(status, app.message(), true);
                }
            }
            if (outcome != null) {
                await.outcome().complete(outcome);
                it.remove();
            }
        }
    }
}
