package dev.trellis.serve.internal.agent;

import dev.trellis.serve.ReplicaDiedException;
import dev.trellis.serve.ReplicaNodeLostException;
import dev.trellis.serve.internal.messages.AgentCommand;
import dev.trellis.serve.internal.messages.HandleRequest;
import dev.trellis.serve.internal.messages.LoadReport;
import dev.trellis.serve.internal.messages.LoadReporting;
import dev.trellis.serve.internal.messages.ScaleFromZero;
import dev.trellis.serve.internal.replica.LocalReplicas;
import dev.trellis.serve.internal.messages.ReplicaReply;
import dev.trellis.serve.internal.messages.RouterUpdate;
import dev.trellis.serve.internal.router.PendingCall;
import dev.trellis.serve.internal.router.ReplicaTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * The node's end of every handle call (one per node): receives replicas' replies and settles
 * the callers' futures, applies the controller's replica sets to the routers, and watches
 * replicas. A call whose {@link HandleRequest} became a dead letter (its replica stopped before
 * reading it) is retried on another replica; calls still on a replica when it terminates fail
 * with {@link ReplicaDiedException}. Completing a future here runs only non-blocking work.
 *
 * <p>For autoscaled deployments ({@link LoadReporting} from the controller) it reports its
 * routers' load every {@code metrics_interval_s} ({@link LoadReport}), and tells the controller
 * at once ({@link ScaleFromZero}) when a router has calls waiting and no replica.
 */
public final class HandleAgent extends AbstractBehavior<AgentCommand> {
    private final RouterRegistry routers;
    private final CallRegistry calls;
    private final ReplySettler settler;
    private final LocalReplicas localReplicas;
    private final Set<ActorRef<?>> watched = new HashSet<>();
    private final TimerScheduler<AgentCommand> timers;
    /** Autoscaled deployments whose load this node reports, by "application#deployment". */
    private final Map<String, LoadReporting> loadReporting = new HashMap<>();
    private final String reporterId;
    /** The controller's latest replica set per "application#deployment", applied again when a node's reachability changes. */
    private final Map<String, RouterUpdate> lastUpdates = new HashMap<>();
    /** Nodes the failure detector lost and has not found again. */
    private final Set<Address> unreachable = new HashSet<>();
    /** Replicas marked dead because their node was unreachable (revived if it comes back). */
    private final Set<ActorRef<?>> lostReplicas = new HashSet<>();
    /**
     * Deployments whose every replica is on a lost node, by "application#deployment": their
     * routers know no replica, and calls that wait there longer than {@link #STRANDED_WAIT} fail.
     */
    private final Map<String, Stranded> stranded = new HashMap<>();

    /**
     * How long a call may wait for a replica of a deployment whose replicas were all on lost nodes.
     * A replacement on another node usually serves within seconds, but when the controller's own
     * node was lost the next controller takes over only after the split brain resolver downs it;
     * the bound keeps a call from waiting for that unboundedly.
     */
    static final java.time.Duration STRANDED_WAIT = java.time.Duration.ofSeconds(10);

    private record Stranded(String applicationName, String deploymentName, String lostNodes) {
    }

    private record ExpireStranded() implements AgentCommand, NoSerializationVerificationNeeded {
    }

    private static final String STRANDED_TIMER = "expire-stranded-calls";

    private record NodeReachable(Address address) implements AgentCommand, NoSerializationVerificationNeeded {
    }

    /** A member left the cluster for good (downed, or left): a node joining later at its address starts clean. */
    private record NodeRemoved(Address address) implements AgentCommand, NoSerializationVerificationNeeded {
    }

    /** Timer tick: report the load on one autoscaled deployment. */
    private record ReportLoad(String applicationName, String deploymentName)
            implements AgentCommand, NoSerializationVerificationNeeded {
    }

    /** A router has calls waiting and knows no replica. */
    private record QueuedWithoutReplicas(String applicationName, String deploymentName)
            implements AgentCommand, NoSerializationVerificationNeeded {
    }

    private record DeadLetterSeen(DeadLetter letter) implements AgentCommand, NoSerializationVerificationNeeded {
    }

    /**
     * A watched replica terminated. Handled in two passes through this actor's own mailbox,
     * because Pekko delivers the termination signal ahead of ordinary messages: pass 1 (after
     * every reply and dead letter the replica produced before dying) stops new sends to it;
     * pass 2 (after every dead letter of a send that raced with pass 1) fails what is left,
     * which can then only be calls that were running on the replica.
     */
    private record ReplicaGone(ActorRef<?> replica, boolean finalPass, Address lostNode)
            implements AgentCommand, NoSerializationVerificationNeeded {
    }

    /**
     * The failure detector lost a node. Its replicas are treated as gone at once, not when the node
     * is downed (seconds later): no new call goes there, and calls running there fail now rather
     * than hang until then.
     */
    private record NodeUnreachable(Address address) implements AgentCommand, NoSerializationVerificationNeeded {
    }

    /** {@code localReplicas}: the replicas in this JVM that routers may start calls on directly. */
    public static Behavior<AgentCommand> create(RouterRegistry routers, CallRegistry calls, LocalReplicas localReplicas) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new HandleAgent(ctx, routers, calls, localReplicas,
                timers)));
    }

    private HandleAgent(ActorContext<AgentCommand> ctx, RouterRegistry routers, CallRegistry calls,
                        LocalReplicas localReplicas, TimerScheduler<AgentCommand> timers) {
        super(ctx);
        this.localReplicas = localReplicas;
        this.routers = routers;
        this.calls = calls;
        this.settler = new ReplySettler(calls);
        this.timers = timers;
        this.reporterId = ctx.getSelf().path().toString();
        ActorRef<AgentCommand> self = ctx.getSelf();
        routers.onQueuedWithoutReplicas((app, deployment) -> self.tell(new QueuedWithoutReplicas(app, deployment)));
        ActorRef<DeadLetter> adapter = ctx.messageAdapter(DeadLetter.class, DeadLetterSeen::new);
        ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, adapter));
        if (ctx.getSystem().settings().config().getString("pekko.actor.provider").equals("cluster")) {
            ActorRef<ClusterEvent.UnreachableMember> unreachable = ctx.messageAdapter(ClusterEvent.UnreachableMember.class,
                    e -> new NodeUnreachable(e.member().address()));
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(unreachable,
                    ClusterEvent.UnreachableMember.class));
            ActorRef<ClusterEvent.ReachableMember> reachable = ctx.messageAdapter(ClusterEvent.ReachableMember.class,
                    e -> new NodeReachable(e.member().address()));
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(reachable,
                    ClusterEvent.ReachableMember.class));
            ActorRef<ClusterEvent.MemberRemoved> removed = ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
                    e -> new NodeRemoved(e.member().address()));
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(removed,
                    ClusterEvent.MemberRemoved.class));
        }
    }

    @Override
    public Receive<AgentCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(ReplicaReply.class, this::onReply)
                .onMessage(RouterUpdate.class, this::onRouterUpdate)
                .onMessage(DeadLetterSeen.class, this::onDeadLetter)
                .onMessage(ReplicaGone.class, this::onReplicaGone)
                .onMessage(NodeUnreachable.class, this::onNodeUnreachable)
                .onMessage(NodeReachable.class, this::onNodeReachable)
                .onMessage(NodeRemoved.class, this::onNodeRemoved)
                .onMessage(ExpireStranded.class, this::onExpireStranded)
                .onMessage(LoadReporting.class, this::onLoadReporting)
                .onMessage(ReportLoad.class, this::onReportLoad)
                .onMessage(QueuedWithoutReplicas.class, this::onQueuedWithoutReplicas)
                .onSignal(Terminated.class, this::onTerminated)
                .build();
    }

    private Behavior<AgentCommand> onReply(ReplicaReply reply) {
        settler.accept(reply);
        return this;
    }

    private Behavior<AgentCommand> onDeadLetter(DeadLetterSeen seen) {
        if (seen.letter().message() instanceof HandleRequest request) {
            var f = calls.remove(request.requestId());
            if (f != null) {
                f.call().router().retry(f.call());
            }
        }
        return this;
    }

    private Behavior<AgentCommand> onTerminated(Terminated terminated) {
        watched.remove(terminated.getRef());
        getContext().getSelf().tell(new ReplicaGone(terminated.getRef(), false, null));
        return this;
    }

    private Behavior<AgentCommand> onNodeUnreachable(NodeUnreachable lost) {
        unreachable.add(lost.address());
        for (ActorRef<?> ref : List.copyOf(watched)) {
            if (ref.path().address().equals(lost.address())) {
                watched.remove(ref);
                getContext().unwatch(ref);
                lostReplicas.add(ref);
                getContext().getSelf().tell(new ReplicaGone(ref, false, lost.address()));
            }
        }
        reapplyUpdatesOn(lost.address());
        return this;
    }

    /** A lost node is back: its replicas take calls again (unless the controller replaced them meanwhile). */
    private Behavior<AgentCommand> onNodeReachable(NodeReachable found) {
        if (!unreachable.remove(found.address())) {
            return this;
        }
        for (ActorRef<?> ref : List.copyOf(lostReplicas)) {
            if (ref.path().address().equals(found.address())) {
                lostReplicas.remove(ref);
                calls.revive(ref);
            }
        }
        reapplyUpdatesOn(found.address());
        return this;
    }

    /**
     * The member is gone for good. Its replicas stay marked dead (they are); the address is no
     * longer filtered, since a node started again at the same host and port is a new member.
     */
    private Behavior<AgentCommand> onNodeRemoved(NodeRemoved removed) {
        unreachable.remove(removed.address());
        lostReplicas.removeIf(ref -> ref.path().address().equals(removed.address()));
        return this;
    }

    private void reapplyUpdatesOn(Address address) {
        for (RouterUpdate update : List.copyOf(lastUpdates.values())) {
            if (update.replicas().stream().anyMatch(e -> e.ref().path().address().equals(address))) {
                apply(update);
            }
        }
    }

    private Behavior<AgentCommand> onExpireStranded(ExpireStranded tick) {
        long wait = STRANDED_WAIT.toNanos();
        for (Stranded s : List.copyOf(stranded.values())) {
            var router = routers.existing(s.applicationName(), s.deploymentName());
            if (router != null) {
                router.failQueuedWithoutReplicas(wait, call -> new ReplicaNodeLostException("no replica of deployment "
                        + s.applicationName() + "#" + s.deploymentName() + " is reachable: its replicas were on "
                        + s.lostNodes() + ", which the failure detector lost, and the call to " + call.method().display()
                        + " waited " + STRANDED_WAIT.toSeconds() + " s for new ones"));
            }
        }
        if (stranded.isEmpty()) {
            timers.cancel(STRANDED_TIMER);
        }
        return this;
    }

    private Behavior<AgentCommand> onReplicaGone(ReplicaGone gone) {
        if (!gone.finalPass()) {
            calls.markDead(gone.replica());
            getContext().getSelf().tell(new ReplicaGone(gone.replica(), true, gone.lostNode()));
            return this;
        }
        for (var f : calls.removeAllOn(gone.replica())) {
            settle(f.call());
            f.call().future().completeExceptionally(gone.lostNode() != null
                    ? new ReplicaNodeLostException("the node " + gone.lostNode().hostPort() + " running replica "
                            + gone.replica().path().name() + " was lost while it ran the call to "
                            + f.call().method().display())
                    : new ReplicaDiedException("replica " + gone.replica().path().name()
                            + " stopped while running the call to " + f.call().method().display()));
        }
        return this;
    }

    private Behavior<AgentCommand> onRouterUpdate(RouterUpdate update) {
        String key = update.applicationName() + "#" + update.deploymentName();
        if (update.replicas().isEmpty() && update.unavailableMessage() != null) {
            lastUpdates.remove(key); // deleted: nothing to apply again
        } else {
            lastUpdates.put(key, update);
        }
        apply(update);
        return this;
    }

    /** Hands the replica set to the router, less the replicas on nodes the failure detector lost. */
    private void apply(RouterUpdate update) {
        String key = update.applicationName() + "#" + update.deploymentName();
        ActorRef<ReplicaReply> replyTo = getContext().getSelf().narrow();
        List<ReplicaTarget> targets = new ArrayList<>(update.replicas().size());
        var lostNodes = new java.util.TreeSet<String>();
        for (var endpoint : update.replicas()) {
            Address address = endpoint.ref().path().address();
            if (unreachable.contains(address)) {
                lostNodes.add(address.hostPort());
                continue;
            }
            if (watched.add(endpoint.ref())) {
                getContext().watch(endpoint.ref());
            }
            targets.add(new ActorReplicaTarget(endpoint.replicaId(), endpoint.ref(), replyTo, settler, calls,
                    localReplicas.admission(endpoint.ref()), endpoint.multiplexedModelIds(),
                    endpoint.maxNumModelsPerReplica()));
        }
        routers.router(update.applicationName(), update.deploymentName())
                .update(targets, update.maxOngoingRequests(), update.maxQueuedRequests(), update.unavailableMessage());
        if (targets.isEmpty() && !lostNodes.isEmpty() && update.unavailableMessage() == null) {
            stranded.put(key, new Stranded(update.applicationName(), update.deploymentName(), String.join(", ", lostNodes)));
            if (!timers.isTimerActive(STRANDED_TIMER)) {
                timers.startTimerWithFixedDelay(STRANDED_TIMER, new ExpireStranded(), java.time.Duration.ofSeconds(1));
            }
        } else {
            stranded.remove(key);
        }
    }

    private Behavior<AgentCommand> onLoadReporting(LoadReporting reporting) {
        String key = reporting.applicationName() + "#" + reporting.deploymentName();
        if (reporting.stops()) {
            loadReporting.remove(key);
            timers.cancel(key);
            return this;
        }
        loadReporting.put(key, reporting);
        var tick = new ReportLoad(reporting.applicationName(), reporting.deploymentName());
        timers.startTimerWithFixedDelay(key, tick, reporting.interval());
        onReportLoad(tick);
        // Calls may have queued before the controller asked for reports (a call right after deploy).
        onQueuedWithoutReplicas(new QueuedWithoutReplicas(reporting.applicationName(), reporting.deploymentName()));
        return this;
    }

    private Behavior<AgentCommand> onReportLoad(ReportLoad tick) {
        var reporting = loadReporting.get(tick.applicationName() + "#" + tick.deploymentName());
        var router = routers.existing(tick.applicationName(), tick.deploymentName());
        if (reporting != null && router != null) {
            var load = router.load();
            reporting.reportTo().tell(new LoadReport(tick.applicationName(), tick.deploymentName(), reporterId,
                    load.queued(), load.inFlight()));
        }
        return this;
    }

    private Behavior<AgentCommand> onQueuedWithoutReplicas(QueuedWithoutReplicas waiting) {
        var reporting = loadReporting.get(waiting.applicationName() + "#" + waiting.deploymentName());
        var router = routers.existing(waiting.applicationName(), waiting.deploymentName());
        if (reporting == null || router == null) {
            return this;
        }
        var load = router.load();
        if (load.queued() > 0 && load.inFlight().isEmpty()) {
            reporting.reportTo().tell(new ScaleFromZero(waiting.applicationName(), waiting.deploymentName(),
                    load.queued()));
        }
        return this;
    }

    private static void settle(PendingCall call) {
        call.router().onReplyReceived(call);
    }
}
