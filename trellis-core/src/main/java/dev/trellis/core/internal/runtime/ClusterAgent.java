package dev.trellis.core.internal.runtime;

import dev.trellis.core.NodeDiedException;
import dev.trellis.core.ObjectLostException;
import dev.trellis.core.Resources;
import dev.trellis.core.TaskOptions;
import dev.trellis.core.TrellisException;
import dev.trellis.core.UnschedulableException;
import dev.trellis.core.internal.cluster.ClusterKeys;
import dev.trellis.core.internal.cluster.NodeMessage;
import dev.trellis.core.internal.cluster.NodeReport;
import dev.trellis.core.internal.cluster.PeerListener;
import dev.trellis.core.internal.cluster.Peers;
import dev.trellis.core.internal.runtime.CoreMessages.AddLocation;
import dev.trellis.core.internal.runtime.CoreMessages.Free;
import dev.trellis.core.internal.runtime.CoreMessages.Locate;
import dev.trellis.core.internal.runtime.CoreMessages.Located;
import dev.trellis.core.internal.runtime.CoreMessages.SubmitTask;
import dev.trellis.core.internal.runtime.CoreMessages.TaskArg;
import dev.trellis.core.internal.runtime.CoreMessages.TaskDone;
import dev.trellis.core.internal.runtime.CoreMessages.TaskRejected;
import dev.trellis.core.internal.scheduling.NodeScheduler;
import dev.trellis.core.internal.scheduling.NodeView;
import dev.trellis.core.internal.scheduling.Placement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode of a node: places tasks on other nodes, runs the tasks other nodes send, answers
 * where its objects are, and reacts to node loss (Ray's ownership rules). The owner of a task
 * keeps it until its {@link TaskDone} arrives; if the node running it dies, it runs it again
 * elsewhere (up to {@code maxRetries}) or fails it with {@link NodeDiedException}. If the only
 * copy of a finished result is lost, the owner runs the task that made it again (lineage
 * reconstruction) when retries remain, else {@code get} fails with {@link ObjectLostException}.
 *
 * <p>Messages arrive on Pekko's dispatcher: handlers only do bookkeeping and hand work to the
 * worker pool or virtual threads.
 */
final class ClusterAgent implements PeerListener {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAgent.class);

    private final NodeRuntime runtime;
    private final Peers peers;
    private final String self;
    private final NodeScheduler placement;
    private final ObjectTransfers transfers;
    private final RemoteActors remoteActors;
    private final Borrowing borrowing;
    private final ScheduledExecutorService ticker;
    private final ConcurrentHashMap<String, RemoteTask> remoteTasks = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<NodeRuntime.TaskRun> waiting = new ConcurrentLinkedQueue<>();
    /** Set when this node shuts down: then every member looks gone to it, which is neither news nor a fault. */
    private volatile boolean closed;

    private record RemoteTask(NodeRuntime.TaskRun task, String node) {
    }

    ClusterAgent(NodeRuntime runtime, Peers peers) {
        this.runtime = runtime;
        this.peers = peers;
        this.self = peers.selfId();
        this.placement = new NodeScheduler(self);
        this.transfers = new ObjectTransfers(runtime, peers, openDataChannel(runtime, self));
        this.remoteActors = new RemoteActors(runtime, peers, this);
        this.borrowing = new Borrowing(runtime, peers);
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("trellis-agent-" + self).factory());
    }

    /**
     * This node's bulk data path on its cluster host, TLS with the cluster's keys when it has them;
     * null (objects then move in chunks over Artery) when it cannot be opened.
     */
    private static DataChannel openDataChannel(NodeRuntime runtime, String self) {
        var options = runtime.options();
        try {
            return DataChannel.open(self, options.host(), options.dataPort(),
                    options.clusterKeys() == null ? null : ClusterKeys.load(options.clusterKeys()),
                    n -> runtime.metrics().bytesSent(n));
        } catch (IOException | RuntimeException e) {
            LOG.warn("node {} cannot open its data channel on {}:{}; objects will move over the cluster port only: {}",
                    self, options.host(), options.dataPort(), e.toString());
            return null;
        }
    }

    void start() {
        peers.listen(this);
        ticker.scheduleWithFixedDelay(this::tick, 0, 250, TimeUnit.MILLISECONDS);
    }

    ObjectTransfers transfers() {
        return transfers;
    }

    RemoteActors remoteActors() {
        return remoteActors;
    }

    Borrowing borrowing() {
        return borrowing;
    }

    /** Tasks this node owns that wait for a node with room; for metrics. */
    int tasksWaitingForNode() {
        return waiting.size();
    }

    private void tick() {
        try {
            peers.report(runtime.report());
            remoteActors.tick();
            transfers.tick();
            borrowing.tick();
            int n = waiting.size();
            for (int i = 0; i < n; i++) {
                NodeRuntime.TaskRun t = waiting.poll();
                if (t != null) {
                    place(t);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("node agent tick failed", e);
        }
    }

    /** The nodes tasks and actors may run on: every non-driver node, this one with its live availability. */
    List<NodeView> views() {
        var out = new ArrayList<NodeView>();
        for (NodeReport r : peers.nodes()) {
            if (r.nodeId().equals(self)) {
                if (!"driver".equals(r.role())) {
                    out.add(new NodeView(self, runtime.scheduler().total(), runtime.scheduler().available()));
                }
            } else if (!"driver".equals(r.role()) && r.total() != null && r.available() != null) {
                // What this owner sent there and has not heard back about is not free, whatever the last report says.
                Resources available = r.available().minus(remoteActors.creatingOn(r.nodeId()));
                for (RemoteTask t : remoteTasks.values()) {
                    if (t.node().equals(r.nodeId()) && !(t.task().options().schedulingStrategy()
                            instanceof dev.trellis.core.SchedulingStrategy.InPlacementGroup)) {
                        available = available.minus(t.task().options().resources());
                    }
                }
                out.add(new NodeView(r.nodeId(), r.total(), available));
            }
        }
        return out;
    }

    /** Places {@code task} on a node of the cluster (this one included) or keeps it waiting. */
    void place(NodeRuntime.TaskRun task) {
        TaskOptions o = task.options();
        if (o.schedulingStrategy() instanceof dev.trellis.core.SchedulingStrategy.InPlacementGroup) {
            runtime.schedulePg(task);
            return;
        }
        List<NodeView> nodes = views();
        Placement p = placement.place(o.resources(), o.schedulingStrategy(), nodes);
        switch (p) {
            case Placement.Placed placed -> {
                if (placed.nodeId().equals(self)) {
                    runtime.runLocally(task, true);
                } else {
                    send(task, placed.nodeId());
                }
            }
            case Placement.Pending pending -> {
                if (nodes.stream().anyMatch(n -> n.nodeId().equals(self) && o.resources().fitsIn(n.total()))) {
                    runtime.runLocally(task, true);
                    return;
                }
                String queueOn = queueAhead(o, nodes);
                if (queueOn != null) {
                    send(task, queueOn);
                } else {
                    waiting.add(task);
                }
            }
            case Placement.Infeasible(String message) ->
                    runtime.failTask(task, new UnschedulableException("task " + task.name() + " cannot be scheduled: "
                            + message));
        }
    }

    /** Sends a task of a placement group to the node holding its bundle. */
    void sendToBundle(NodeRuntime.TaskRun task, String node, String bundleKey) {
        send(task, node, bundleKey);
    }

    private void send(NodeRuntime.TaskRun task, String node) {
        send(task, node, null);
    }

    /**
     * A node that can hold {@code o}'s demand once free and has few enough of this owner's tasks
     * queued (at most twice its CPUs, at least 4): the task waits in that node's own queue and
     * starts the moment a CPU frees there, instead of here until the next report says so (Ray's
     * raylets queue leases the same way). Null when every such node has its share queued.
     */
    private String queueAhead(TaskOptions o, List<NodeView> nodes) {
        String only = o.schedulingStrategy() instanceof dev.trellis.core.SchedulingStrategy.NodeAffinity a && !a.soft()
                ? a.nodeId() : null;
        String best = null;
        long bestQueued = Long.MAX_VALUE;
        for (NodeView n : nodes) {
            if (n.nodeId().equals(self) || (only != null && !only.equals(n.nodeId()))
                    || !o.resources().fitsIn(n.total())) {
                continue;
            }
            long queued = remoteTasks.values().stream().filter(t -> t.node().equals(n.nodeId())).count();
            long limit = Math.max(4, 2 * (long) Math.ceil(n.total().cpus()));
            if (queued < limit && queued < bestQueued) {
                best = n.nodeId();
                bestQueued = queued;
            }
        }
        return best;
    }

    private void send(NodeRuntime.TaskRun task, String node, String bundleKey) {
        List<TaskArg> args;
        try {
            args = borrowing.args(task.args(), node);
        } catch (IllegalArgumentException e) {
            runtime.failTask(task, new TrellisException("task " + task.name() + " cannot be sent to node " + node + ": "
                    + e.getMessage()));
            return;
        }
        remoteTasks.put(task.taskId(), new RemoteTask(task, node));
        var msg = new SubmitTask(task.taskId(), task.result().id, self, task.function(), args,
                task.options().resources(), task.name(), bundleKey);
        if (!peers.send(node, msg)) {
            remoteTasks.remove(task.taskId());
            borrowing.releaseUnread(args);
            waiting.add(task);
        }
    }

    // ---- messages

    @Override
    public void onMessage(String from, NodeMessage message) {
        try {
            switch (message) {
                case SubmitTask m -> runForOwner(m);
                case TaskDone m -> taskDone(m);
                case TaskRejected m -> rejected(m);
                case Locate m -> locate(m);
                case Located m -> transfers.located(m);
                case CoreMessages.Pull m -> transfers.pull(m);
                case CoreMessages.Chunk m -> transfers.chunk(m);
                case CoreMessages.BulkOffer m -> transfers.bulkOffer(m);
                case CoreMessages.PullFailed m -> transfers.pullFailed(m);
                case AddLocation m -> addLocation(m);
                case Free m -> m.objectIds().forEach(runtime::freeCopy);
                case CoreMessages.AddBorrower m -> borrowing.onAddBorrower(m, runtime.ownedEntries());
                case CoreMessages.BorrowerAdded m -> borrowing.onBorrowerAdded(m);
                case CoreMessages.RemoveBorrower m -> borrowing.onRemoveBorrower(m, runtime.ownedEntries());
                case CoreMessages.ReleaseHold m -> borrowing.onReleaseHold(m);
                case CoreMessages.CreateActor m -> remoteActors.onCreate(m);
                case CoreMessages.ActorReady m -> remoteActors.onReady(m);
                case CoreMessages.LocateActor m -> remoteActors.onLocate(m);
                case CoreMessages.CallActor m -> remoteActors.onCall(m);
                case CoreMessages.KillActor m -> remoteActors.onKill(m);
                case CoreMessages.ReserveBundle m -> runtime.placementGroups().onReserve(m);
                case CoreMessages.BundleReserved m -> runtime.placementGroups().onReserved(m);
                case CoreMessages.ReleaseBundle m -> runtime.placementGroups().onRelease(m);
                case CoreMessages.WatchPlacementGroup m -> runtime.placementGroups().onWatch(m);
                case CoreMessages.PlacementGroupState m -> runtime.placementGroups().onState(m);
                case CoreMessages.RemovePlacementGroup m -> runtime.placementGroups().onRemoveRequest(m);
                default -> LOG.warn("node {} got an unexpected message {} from {}", self,
                        message.getClass().getSimpleName(), from);
            }
        } catch (RuntimeException e) {
            LOG.warn("node {} failed to handle {} from {}", self, message.getClass().getSimpleName(), from, e);
        }
    }

    /** Runs a task another node owns; its result stays here until the owner frees it. */
    private void runForOwner(SubmitTask m) {
        if (m.bundle() == null && !m.resources().fitsIn(runtime.scheduler().total())) {
            peers.send(m.owner(), new TaskRejected(m.taskId(), self, "node " + self + " has " + runtime.scheduler().total()));
            borrowing.releaseUnread(m.args());
            return;
        }
        OwnedObjects.Owned result = runtime.hostedResult(m.returnId(), m.owner());
        Invocable fn;
        Object[] args;
        try {
            fn = RemoteCode.resolve(m.function(), runtime.classLoader());
            args = runtime.materialize(m.args(), m.owner());
        } catch (RuntimeException e) {
            runtime.fail(result, Failures.taskFailed(m.name(), e));
            reportDone(m.taskId(), result, m.owner());
            return;
        }
        TaskOptions options = TaskOptions.builder().numCpus(m.resources().cpus()).numGpus(m.resources().gpus())
                .resources(m.resources().custom()).maxRetries(0).build();
        var run = new NodeRuntime.TaskRun(m.taskId(), fn, m.function(), m.name(), args, options, result, 0);
        result.ready.whenComplete((v, e) -> reportDone(m.taskId(), result, m.owner()));
        if (m.bundle() != null) {
            runtime.whenReady(args, () -> runtime.runInBundle(run, m.bundle(), false));
        } else {
            runtime.whenReady(args, () -> runtime.runForOwner(run, SPILL_BACK_AFTER, () -> spillBack(m, result), ticker));
        }
    }

    /** How long a task sent here may wait while nothing runs here before it goes back to its owner. */
    static final java.time.Duration SPILL_BACK_AFTER = java.time.Duration.ofSeconds(2);

    /** A task that cannot start here while nothing runs (actors hold the resources): its owner places it again. */
    private void spillBack(SubmitTask m, OwnedObjects.Owned result) {
        LOG.info("node {} gives task {} back to its owner {}: it waited {} for {} while nothing else ran here"
                + " (free: {})", self, m.name(), m.owner(), SPILL_BACK_AFTER, m.resources(),
                runtime.scheduler().available());
        runtime.freeCopy(result.id);
        peers.send(m.owner(), new TaskRejected(m.taskId(), self, "it waited " + SPILL_BACK_AFTER + " for "
                + m.resources() + " while " + runtime.scheduler().available() + " was free and nothing else ran"));
    }

    /** Tells {@code owner} how a task or call it owns ended; small values travel inline. */
    void reportDone(String taskId, OwnedObjects.Owned result, String owner) {
        if (owner.equals(self)) {
            // This node called an actor it hosts through a route: the result is already in its own entry.
            remoteActors.callDone(taskId);
            return;
        }
        TrellisException error = result.error();
        if (error != null) {
            peers.send(owner, new TaskDone(taskId, result.id, self, null, false, Wire.error(error)));
            runtime.freeCopy(result.id);
            return;
        }
        byte[] inline = runtime.inlineBytes(result.id, owner);
        if (inline != null) {
            peers.send(owner, new TaskDone(taskId, result.id, self, inline, false, null));
            runtime.freeCopy(result.id);
        } else {
            peers.send(owner, new TaskDone(taskId, result.id, self, null, true, null));
        }
    }

    private void taskDone(TaskDone m) {
        RemoteTask task = remoteTasks.remove(m.taskId());
        if (task != null && m.error() != null && "TaskFailedException".equals(m.error().kind())
                && task.task().options().retryExceptions() && task.task().retriesLeft() != 0) {
            // It threw on another node and may be retried (retry_exceptions): the owner runs it again.
            runtime.metrics().taskRetried();
            place(task.task().retried());
            return;
        }
        OwnedObjects.Owned o = runtime.ownedObject(m.returnId());
        if (o == null) {
            if (m.inline() != null) {
                borrowing.discard(m.inline());
            }
            if (m.stored()) {
                peers.send(m.node(), new Free(List.of(m.returnId())));
            }
        } else if (m.error() != null) {
            runtime.fail(o, Wire.error(m.error()));
        } else if (m.inline() != null) {
            runtime.complete(o, borrowing.decode(m.inline()));
            finishRecovery(o);
        } else {
            o.locations.add(m.node());
            runtime.markReady(o);
            finishRecovery(o);
        }
        if (task != null) {
            runtime.unpinAll(task.task().args());
            // A node has room again: place a waiting task now rather than at the next tick.
            NodeRuntime.TaskRun next = waiting.poll();
            if (next != null) {
                place(next);
            }
        } else {
            remoteActors.callDone(m.taskId());
        }
    }

    private static void finishRecovery(OwnedObjects.Owned o) {
        var recovery = o.recovery;
        if (recovery != null) {
            recovery.complete(null);
        }
    }

    private void rejected(TaskRejected m) {
        RemoteTask task = remoteTasks.remove(m.taskId());
        if (task != null) {
            LOG.info("node {} refused task {} ({}); placing it again", m.node(), task.task().name(), m.reason());
            waiting.add(task.task());
        }
    }

    /** Answers where an object this node owns is, once it is ready. */
    private void locate(Locate m) {
        OwnedObjects.Owned o = runtime.ownedObject(m.objectId());
        if (o == null) {
            peers.send(m.requester(), new Located(m.objectId(), List.of(), null,
                    Wire.error(new ObjectLostException(m.objectId(), "object " + m.objectId()
                            + " was already freed by its owner " + self))));
            return;
        }
        o.ready.whenComplete((v, e) -> {
            TrellisException error = o.error();
            if (error != null) {
                peers.send(m.requester(), new Located(m.objectId(), List.of(), null, Wire.error(error)));
                return;
            }
            var nodes = new ArrayList<String>();
            if (runtime.holds(o.id)) {
                byte[] inline = runtime.inlineBytes(o.id, m.requester());
                if (inline != null) {
                    peers.send(m.requester(), new Located(m.objectId(), List.of(), inline, null));
                    return;
                }
                nodes.add(self);
            }
            nodes.addAll(o.locations);
            peers.send(m.requester(), new Located(m.objectId(), nodes, null, null));
        });
    }

    private void addLocation(AddLocation m) {
        OwnedObjects.Owned o = runtime.ownedObject(m.objectId());
        if (o == null) {
            peers.send(m.node(), new Free(List.of(m.objectId())));
        } else {
            o.locations.add(m.node());
        }
    }

    /** Tells every node holding a copy of a freed object to drop it. */
    void freed(OwnedObjects.Owned o) {
        for (String node : o.locations) {
            peers.send(node, new Free(List.of(o.id)));
        }
    }

    // ---- node loss

    @Override
    public void onNodeRemoved(String node) {
        if (closed) {
            return;
        }
        LOG.info("node {} sees node {} gone", self, node);
        transfers.nodeRemoved(node);
        borrowing.nodeRemoved(node, runtime.ownedEntries());
        remoteActors.nodeRemoved(node);
        runtime.placementGroups().nodeRemoved(node);
        for (RemoteTask t : List.copyOf(remoteTasks.values())) {
            if (t.node().equals(node) && remoteTasks.remove(t.task().taskId(), t)) {
                if (t.task().retriesLeft() != 0) {
                    LOG.info("retrying task {} after node {} died", t.task().name(), node);
                    runtime.metrics().taskRetried();
                    place(t.task().retried());
                } else {
                    runtime.failTask(t.task(), new NodeDiedException(node, "task " + t.task().name()
                            + " was running on node " + node + ", which died, and has no retries left (max_retries)"));
                }
            }
        }
        for (OwnedObjects.Owned o : runtime.ownedObjects()) {
            if (!o.owner.equals(self)) {
                if (!o.ready.isDone() && o.owner.equals(node)) {
                    runtime.fail(o, new ObjectLostException(o.id, "object " + o.id + " is lost: its owner, node "
                            + node + ", died"));
                }
                continue;
            }
            if (o.locations.remove(node) && o.locations.isEmpty() && !runtime.holds(o.id) && o.error() == null) {
                synchronized (this) {
                    var recovery = o.recovery;
                    if (recovery == null || recovery.isDone()) {
                        reconstruct(o, node);
                    }
                }
            }
        }
    }

    /**
     * A fetch of {@code o} found no live holder: forget holders that are no longer members and, if
     * none is left, rebuild it. True when a rebuild runs (or already ran), so the caller may wait and retry.
     */
    synchronized boolean recoverLost(OwnedObjects.Owned o) {
        var live = new java.util.HashSet<String>();
        peers.nodes().forEach(r -> live.add(r.nodeId()));
        var recovery = o.recovery;
        if (recovery != null && !recovery.isDone()) {
            return true;
        }
        o.locations.retainAll(live);
        if (!o.locations.isEmpty()) {
            return true;
        }
        reconstruct(o, "(no live holder)");
        return o.lost == null;
    }

    /** Every copy of {@code o} was on {@code node}: run its task again, or mark it lost. */
    private void reconstruct(OwnedObjects.Owned o, String node) {
        if (o.lineage instanceof NodeRuntime.TaskRun task && task.retriesLeft() != 0) {
            LOG.info("object {} was lost with node {}: running {} again (lineage reconstruction)", o.id, node,
                    task.name());
            o.recovery = new java.util.concurrent.CompletableFuture<>();
            runtime.metrics().taskRetried();
            runtime.pinAll(task.args());
            NodeRuntime.TaskRun again = task.retried();
            runtime.keepLineage(o, again);
            place(again);
        } else {
            o.lost = "object " + o.id + " was lost with node " + node + " and cannot be rebuilt ("
                    + (o.lineage != null ? "its task has no retries left"
                            : o.lineageDropped ? "its task's lineage was dropped to stay within max_lineage_bytes="
                                    + runtime.lineage().maxBytes() + "; raise it with TrellisOptions.maxLineageBytes"
                            : "it was put, not made by a task") + ")";
        }
    }

    void close() {
        closed = true;
        ticker.shutdownNow();
        transfers.close();
    }
}
