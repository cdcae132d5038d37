package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorDiedException;
import dev.trellis.core.ActorHandle;
import dev.trellis.core.ActorOptions;
import dev.trellis.core.GetTimeoutException;
import dev.trellis.core.NodeInfo;
import dev.trellis.core.ObjectLostException;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.Resources;
import dev.trellis.core.SchedulingStrategy;
import dev.trellis.core.TaskOptions;
import dev.trellis.core.TrellisException;
import dev.trellis.core.TrellisOptions;
import dev.trellis.core.UnschedulableException;
import dev.trellis.core.WaitResult;
import dev.trellis.core.internal.VirtualThreads;
import dev.trellis.core.internal.cluster.NodeReport;
import dev.trellis.core.internal.cluster.Peers;
import dev.trellis.core.internal.scheduling.NodeScheduler;
import dev.trellis.core.internal.scheduling.NodeView;
import dev.trellis.core.internal.scheduling.Placement;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * This JVM's node (Ray's raylet plus its core worker): the object store, ownership of the
 * objects made here, local scheduling on the worker pool, and the actors hosted here.
 *
 * <p>Objects made and used in this JVM are passed by reference: {@code put} stores the object
 * itself and {@code get} returns it, with no copy and no serialization.
 */
final class NodeRuntime implements CoreRuntime, dev.trellis.core.internal.NodeAgent {
    private static final ThreadLocal<LocalScheduler.Lease> CURRENT_LEASE = new ThreadLocal<>();

    private final String nodeId;
    private final TrellisOptions options;
    private final LineageBudget lineage;
    private final String role;
    private final Path spillDirectory;
    private final boolean ownsSpillDirectory;
    private final AtomicLong sequence = new AtomicLong();
    private final ExecutorService workers;
    private final ExecutorService callThreads;
    private final LocalScheduler scheduler;
    private final NodeScheduler placement;
    private final RefTracker tracker;
    private final ObjectStore store;
    private final OwnedObjects owned;
    private final ActorManager actors;
    private final Peers peers;
    /** Cluster mode's messaging and remote bookkeeping; null in embedded mode. */
    private final ClusterAgent agent;
    private final PlacementGroups placementGroups;
    private final CoreMetrics metrics;
    private final LibraryHoldings holdings = new LibraryHoldings();
    private final AdvertisedEndpoints endpoints = new AdvertisedEndpoints();

    private NodeRuntime(String nodeId, TrellisOptions options, String role, Function<NodeRuntime, Peers> cluster)
            throws IOException {
        this.nodeId = nodeId;
        this.options = options;
        this.role = role;
        this.ownsSpillDirectory = options.spillDirectory() == null;
        this.spillDirectory = ownsSpillDirectory
                ? Files.createTempDirectory("trellis-spill-" + nodeId + "-")
                : options.spillDirectory();
        this.workers = new ThreadPoolExecutor(Math.max(1, (int) Math.ceil(options.resources().cpus())),
                Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Thread.ofPlatform().name("trellis-worker-", 0).daemon().factory());
        this.callThreads = VirtualThreads.perTaskExecutor("trellis-actor-call");
        this.scheduler = new LocalScheduler(options.resources(), workers);
        this.placement = new NodeScheduler(nodeId);
        this.tracker = new RefTracker(this::released, "trellis-ref-reaper-" + nodeId);
        this.store = new ObjectStore(options.objectStoreBytes(), spillDirectory, tracker::reclaim);
        this.owned = new OwnedObjects(nodeId, this::onFree, this::onUnborrow);
        this.lineage = new LineageBudget(options.maxLineageBytes());
        this.actors = new ActorManager(this, callThreads);
        this.peers = cluster == null ? new LocalPeers(nodeId, this::report) : cluster.apply(this);
        this.agent = cluster == null ? null : new ClusterAgent(this, peers);
        this.placementGroups = new PlacementGroups(this, peers, agent != null ? agent::views
                : () -> List.of(new NodeView(nodeId, scheduler.total(), scheduler.available())), workers);
        this.metrics = new CoreMetrics(nodeId, options.objectStoreBytes(), store::stats,
                () -> agent == null ? 0 : agent.tasksWaitingForNode(), actors::count);
        if (agent != null) {
            agent.start();
        }
    }

    /** An embedded node: a cluster of one, nothing listens. */
    static NodeRuntime start(TrellisOptions options) {
        if (options.address() != null) {
            return NodeRuntimes.join(options, "driver");
        }
        return create(newNodeId(), options, "head", null);
    }

    static String newNodeId() {
        return "n" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A node whose peers {@code cluster} makes (given the node, before messages flow), or embedded if null. */
    static NodeRuntime create(String nodeId, TrellisOptions options, String role, Function<NodeRuntime, Peers> cluster) {
        try {
            return new NodeRuntime(nodeId, options, role, cluster);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the object store's spill directory", e);
        }
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    Peers peers() {
        return peers;
    }

    TrellisOptions options() {
        return options;
    }

    /** This node's bulk data path; null in embedded mode or when it could not be opened. */
    DataChannel dataChannel() {
        return agent == null ? null : agent.transfers().dataChannel();
    }

    @Override
    public CoreMetrics metrics() {
        return metrics;
    }

    LocalScheduler scheduler() {
        return scheduler;
    }

    ActorManager actors() {
        return actors;
    }

    PlacementGroups placementGroups() {
        return placementGroups;
    }

    @Override
    public dev.trellis.core.PlacementGroup createPlacementGroup(List<Resources> bundles,
                                                                dev.trellis.core.PlacementStrategy strategy, String name) {
        return placementGroups.create(newId('g'), bundles, strategy, name);
    }

    @Override
    public void removePlacementGroup(dev.trellis.core.PlacementGroup group) {
        placementGroups.remove(group);
    }

    @Override
    public Optional<dev.trellis.core.PlacementGroup> getPlacementGroup(String name) {
        return placementGroups.byName(name);
    }

    /** This node's groups as it knows them now, then the others' as their last reports say. */
    @Override
    public List<dev.trellis.core.PlacementGroupInfo> placementGroupTable() {
        var out = new ArrayList<>(placementGroups.table());
        peers.nodes().stream().filter(r -> !r.nodeId().equals(nodeId))
                .sorted(Comparator.comparing(NodeReport::nodeId))
                .forEach(r -> out.addAll(r.placementGroups()));
        return out;
    }

    /** A ref owned here that completes as {@code stage} does (a placement group's {@code ready()}). */
    <T> ObjectRef<T> refOf(CompletableFuture<T> stage) {
        OwnedObjects.Owned o = owned.create(newId('r'));
        TrackedObjectRef<T> ref = newRef(o);
        stage.whenComplete((value, error) -> {
            if (error == null) {
                complete(o, value);
            } else {
                fail(o, PlacementGroups.error(error));
            }
        });
        return ref;
    }

    // ---- tasks

    @Override
    public <R> ObjectRef<R> submitTask(Serializable fn, Object[] args, TaskOptions taskOptions) {
        FunctionRef function = FunctionRef.of(fn);
        String name = taskOptions.name() != null ? taskOptions.name() : function.displayName();
        OwnedObjects.Owned result = owned.create(newId('t'));
        TrackedObjectRef<R> ref = newRef(result);
        metrics.taskSubmitted();
        result.ready.thenRun(() -> metrics.taskEnded(result.error() != null));
        pinAll(args);
        var task = new TaskRun(result.id, Invocable.of(fn), function, name, args, taskOptions, result,
                taskOptions.maxRetries());
        if (agent != null) {
            keepLineage(result, task);
        }
        whenReady(args, () -> schedule(task));
        return ref;
    }

    /** One run of a task: what to call, with what, and where its result goes. */
    record TaskRun(String taskId, Invocable fn, FunctionRef function, String name, Object[] args, TaskOptions options,
                   OwnedObjects.Owned result, int retriesLeft) {
        TaskRun retried() {
            return new TaskRun(taskId, fn, function, name, args, options, result, retriesLeft < 0 ? -1 : retriesLeft - 1);
        }
    }

    private void schedule(TaskRun task) {
        if (task.options.schedulingStrategy() instanceof SchedulingStrategy.InPlacementGroup) {
            schedulePg(task);
            return;
        }
        if (agent != null) {
            agent.place(task);
            return;
        }
        String infeasible = infeasible(task.options.resources(), task.options.schedulingStrategy());
        if (infeasible != null) {
            failTask(task, new UnschedulableException("task " + task.name + " cannot be scheduled: " + infeasible));
            return;
        }
        runLocally(task, true);
    }

    /** Runs a task of a placement group in its bundle, here or on the bundle's node, once the group is placed. */
    void schedulePg(TaskRun task) {
        var strategy = (SchedulingStrategy.InPlacementGroup) task.options.schedulingStrategy();
        placementGroups.target(strategy, task.options.resources(), "task " + task.name).whenComplete((t, e) -> {
            if (e != null) {
                failTask(task, PlacementGroups.error(e));
            } else if (t.node().equals(nodeId)) {
                runInBundle(task, t.bundleKey(), true);
            } else {
                agent.sendToBundle(task, t.node(), t.bundleKey());
            }
        });
    }

    /** Queues {@code task} on the ledger of bundle {@code bundleKey} reserved here. */
    void runInBundle(TaskRun task, String bundleKey, boolean ownsPins) {
        LocalScheduler ledger = placementGroups.ledger(bundleKey);
        Runnable gone = () -> {
            var error = new UnschedulableException("task " + task.name + " cannot run: its placement group bundle "
                    + bundleKey + " was removed from node " + nodeId + " before it started");
            if (ownsPins) {
                failTask(task, error);
            } else {
                fail(task.result, error);
            }
        };
        if (ledger == null) {
            gone.run();
            return;
        }
        ledger.submit(task.options.resources(), task.name, lease -> runTask(task, lease, ownsPins), gone);
    }

    /** Fails a task that will not run, releasing what it held. */
    void failTask(TaskRun task, TrellisException error) {
        fail(task.result, error);
        unpinAll(task.args);
    }

    /** Queues {@code task} on this node's scheduler; {@code owned} when this node owns its arguments' pins. */
    void runLocally(TaskRun task, boolean ownsPins) {
        metrics.taskQueued();
        scheduler.submit(task.options.resources(), task.name, lease -> runTask(task, lease, ownsPins));
    }

    /**
     * Runs a task another node owns; if it cannot start while nothing else runs here (actors or
     * bundles hold what it needs), {@code spill} runs instead, once, after at least
     * {@code spillAfter}: the owner places it again (Ray's spill-back).
     */
    void runForOwner(TaskRun task, java.time.Duration spillAfter, Runnable spill,
                     java.util.concurrent.ScheduledExecutorService timer) {
        metrics.taskQueued();
        Object token = scheduler.submitWithdrawable(task.options.resources(), task.name,
                lease -> runTask(task, lease, false));
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            switch (scheduler.withdrawIfIdle(token)) {
                case WITHDRAWN -> spill.run();
                case STILL_WAITING -> timer.schedule(check[0], spillAfter.toMillis(), TimeUnit.MILLISECONDS);
                case STARTED -> {
                }
            }
        };
        if (scheduler.isWaiting(token)) { // most tasks start at once and need no check
            timer.schedule(check[0], spillAfter.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void runTask(TaskRun task, LocalScheduler.Lease lease, boolean ownsPins) {
        CURRENT_LEASE.set(lease);
        metrics.taskStarted();
        boolean retry = false;
        boolean threw = false;
        try {
            Object value = task.fn.call(argumentValues(task.args));
            complete(task.result, value);
        } catch (Throwable t) {
            threw = true;
            if (task.options.retryExceptions() && task.retriesLeft != 0) {
                retry = true;
            } else {
                fail(task.result, Failures.taskFailed(task.name, t));
            }
        } finally {
            metrics.taskStopped(threw);
            CURRENT_LEASE.remove();
            lease.release();
        }
        if (retry) {
            metrics.taskRetried();
            if (ownsPins) {
                schedule(task.retried());
            } else {
                runLocally(task.retried(), false);
            }
        } else if (ownsPins) {
            unpinAll(task.args);
        }
    }

    /** Why {@code demand} can never run here, or null when it can (now or later). */
    String infeasible(Resources demand, SchedulingStrategy strategy) {
        Placement p = placement.place(demand, strategy, List.of(NodeView.idle(nodeId, scheduler.total())));
        return p instanceof Placement.Infeasible(String message) ? message : null;
    }

    // ---- objects

    @Override
    public <T> ObjectRef<T> put(T value) {
        OwnedObjects.Owned o = owned.create(newId('p'));
        TrackedObjectRef<T> ref = newRef(o);
        store.put(o.id, value);
        owned.ready(o);
        return ref;
    }

    void complete(OwnedObjects.Owned result, Object value) {
        if (owned.find(result.id) == result) {
            store.put(result.id, value);
        }
        owned.ready(result);
    }

    void fail(OwnedObjects.Owned result, TrellisException error) {
        owned.failed(result, error);
    }

    /** The value of {@code ref}, waiting up to {@code timeout} (null: forever). */
    @SuppressWarnings("unchecked")
    <T> T value(TrackedObjectRef<T> ref, Duration timeout) {
        OwnedObjects.Owned o = ref.owned;
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        if (!o.ready.isDone()) {
            awaitReady(o.ready, timeout, ref.id());
        }
        TrellisException error = o.error();
        if (error != null) {
            throw Failures.copy(error);
        }
        try {
            if (agent != null && !store.contains(o.id)) {
                fetchHere(o, timeout, deadline);
            }
            return (T) store.get(o.id);
        } catch (NoSuchElementException e) {
            throw new ObjectLostException(o.id, "object " + o.id + " is not in the object store of node " + nodeId
                    + " (it was freed or lost)");
        } catch (UncheckedIOException e) {
            throw new ObjectLostException(o.id, "object " + o.id + " was spilled on node " + nodeId
                    + " but cannot be read back: " + e.getCause());
        }
    }

    /**
     * Brings a copy of {@code o} (owned here, made elsewhere) into this node's store, waiting for
     * it (and for its rebuilding, if it was lost) until {@code deadline} when {@code timeout} is set.
     */
    private void fetchHere(OwnedObjects.Owned o, Duration timeout, long deadline) {
        for (int attempt = 0; ; attempt++) {
            CompletableFuture<Void> recovery = o.recovery;
            if (recovery != null && !recovery.isDone()) {
                awaitReady(recovery, remaining(timeout, deadline), o.id);
            }
            if (store.contains(o.id)) {
                return;
            }
            if (o.lost != null) {
                throw new ObjectLostException(o.id, o.lost);
            }
            try {
                awaitReady(agent.transfers().fetch(o.id, List.copyOf(o.locations), o.owner), remaining(timeout, deadline),
                        o.id);
                return;
            } catch (ObjectLostException e) {
                if (attempt >= 2) {
                    throw e;
                }
                if (!o.owner.equals(nodeId)) {
                    // Borrowed: the copies it was told of may be gone; ask the owner again (it may have rebuilt it).
                    relocate(o, remaining(timeout, deadline));
                } else if (!agent.recoverLost(o)) {
                    // The holders may be gone before the cluster has said so: rebuild it from its lineage if we
                    // can, else say why it cannot be (the reason is known once the loss is).
                    throw o.lost != null ? new ObjectLostException(o.id, o.lost) : e;
                }
            }
        }
    }

    /** Asks the owner of {@code o} (another node's object) where it is now, waiting for the answer. */
    private void relocate(OwnedObjects.Owned o, Duration timeout) {
        var answered = agent.transfers().locate(o.id, o.owner).thenAccept(located -> {
            if (located.error() != null) {
                throw Wire.error(located.error());
            }
            learn(o, located);
        });
        awaitReady(answered, timeout, o.id);
    }

    /** Keeps what the owner of {@code o} answered: the value itself when small, else where its copies are. */
    private void learn(OwnedObjects.Owned o, CoreMessages.Located located) {
        if (located.inline() != null) {
            store.put(o.id, agent.borrowing().decode(located.inline()));
        } else {
            o.locations.clear();
            o.locations.addAll(located.nodes());
        }
    }

    /** What is left of {@code timeout} until {@code deadline} (at least 1 ns, so that it times out); null for none. */
    private static Duration remaining(Duration timeout, long deadline) {
        return timeout == null ? null : Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    /** Blocks until {@code ready}; a task blocked here lends its CPUs to the node meanwhile. */
    private void awaitReady(CompletableFuture<Void> ready, Duration timeout, String id) {
        LocalScheduler.Lease lease = CURRENT_LEASE.get();
        if (lease != null) {
            lease.lend();
        }
        try {
            if (timeout == null) {
                ready.get();
            } else {
                ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new GetTimeoutException("object " + id + " was not ready within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrellisException("interrupted while waiting for object " + id, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TrellisException t) {
                throw Failures.copy(t);
            }
            throw new TrellisException("waiting for object " + id + " failed", e.getCause());
        } finally {
            if (lease != null) {
                lease.reclaim();
            }
        }
    }

    @Override
    public <T> WaitResult<T> await(List<ObjectRef<T>> refs, int numReturns, Duration timeout) {
        var latch = new CountDownLatch(numReturns);
        for (ObjectRef<T> ref : refs) {
            owner(ref).ready.whenComplete((v, e) -> latch.countDown());
        }
        LocalScheduler.Lease lease = CURRENT_LEASE.get();
        if (lease != null) {
            lease.lend();
        }
        try {
            latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrellisException("interrupted in Trellis.wait", e);
        } finally {
            if (lease != null) {
                lease.reclaim();
            }
        }
        var ready = new ArrayList<ObjectRef<T>>();
        var unready = new ArrayList<ObjectRef<T>>();
        for (ObjectRef<T> ref : refs) {
            (ready.size() < numReturns && ref.isReady() ? ready : unready).add(ref);
        }
        return new WaitResult<>(ready, unready);
    }

    private OwnedObjects.Owned owner(ObjectRef<?> ref) {
        if (ref instanceof TrackedObjectRef<?> t) {
            return t.owned;
        }
        throw new IllegalArgumentException("not an object ref of this Trellis node: " + ref);
    }

    /** True when every ref among {@code args} is ready. */
    boolean areReady(Object[] args) {
        for (Object a : args) {
            if (a instanceof TrackedObjectRef<?> r && !r.owned.ready.isDone()) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code then} once every ref among {@code args} is ready (at once if they are). */
    void whenReady(Object[] args, Runnable then) {
        CompletableFuture<?>[] waiting = Stream.of(args)
                .filter(a -> a instanceof TrackedObjectRef<?> r && !r.owned.ready.isDone())
                .map(a -> ((TrackedObjectRef<?>) a).owned.ready)
                .toArray(CompletableFuture<?>[]::new);
        if (waiting.length == 0) {
            then.run();
        } else {
            CompletableFuture.allOf(waiting).whenComplete((v, e) -> then.run());
        }
    }

    /** {@code args} with each ref replaced by its value; a failed ref throws its error. */
    Object[] argumentValues(Object[] args) {
        Object[] values = args.clone();
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof TrackedObjectRef<?> r) {
                values[i] = value(r, null);
            }
        }
        return values;
    }

    /** Keeps the objects and actors among {@code args} alive while a call that takes them is pending. */
    void pinAll(Object[] args) {
        for (Object a : args) {
            switch (a) {
                case TrackedObjectRef<?> r -> owned.pin(r.owned);
                case LocalActorHandle<?> h -> {
                    synchronized (h.record) {
                        h.record.handles++;
                    }
                }
                case RemoteActorHandle<?> h when h.route.owned() -> agent.remoteActors().addHandle(h.route);
                case null, default -> {
                }
            }
        }
    }

    void unpinAll(Object[] args) {
        for (Object a : args) {
            switch (a) {
                case TrackedObjectRef<?> r -> owned.unpin(r.owned);
                case LocalActorHandle<?> h -> actors.handleReleased(h.record.id);
                case RemoteActorHandle<?> h when h.route.owned() -> agent.remoteActors().handleReleased(h.route.actorId);
                case null, default -> {
                }
            }
        }
    }

    private <T> TrackedObjectRef<T> newRef(OwnedObjects.Owned o) {
        owned.addHandle(o);
        return trackRef(o);
    }

    /** A ref to {@code o}, whose handle is already counted. */
    private <T> TrackedObjectRef<T> trackRef(OwnedObjects.Owned o) {
        var ref = new TrackedObjectRef<T>(o.id, o, this);
        tracker.track(ref, o.id, false);
        return ref;
    }

    /** The last local ref and pin of another node's object are gone: this node borrows it no more. */
    private void onUnborrow(OwnedObjects.Owned o) {
        if (agent != null) {
            agent.borrowing().unborrowed(o);
        }
    }

    private void released(RefTracker.Tracked t) {
        if (t.actor) {
            if (agent == null || !agent.remoteActors().handleReleased(t.id)) {
                actors.handleReleased(t.id);
            }
        } else {
            owned.releaseHandle(t.id);
        }
    }

    private String newId(char kind) {
        return kind + "-" + nodeId + "-" + Long.toHexString(sequence.incrementAndGet());
    }

    // ---- actors

    @Override
    public <A> ActorHandle<A> createActor(Serializable constructor, Object[] args, ActorOptions actorOptions) {
        FunctionRef function = FunctionRef.of(constructor);
        String id = newId('a');
        Class<?> type = function.isConstructor()
                ? function.declaringClass(constructor.getClass().getClassLoader()) : null;
        if (actorOptions.name() != null && !peers.registerName(actorOptions.name(),
                nodeId + "/" + id + "/" + (type == null ? "" : type.getName())).toCompletableFuture().join()) {
            throw new IllegalArgumentException("an actor named '" + actorOptions.name() + "' already exists");
        }
        pinAll(args);
        if (agent != null) {
            ActorRoute route = agent.remoteActors().create(id, actorOptions, function, args,
                    type == null ? null : type.getName());
            if (route != null) {
                return newHandle(route);
            }
        }
        var record = new ActorRecord(id, actorOptions.name(), actorOptions, function, Invocable.of(constructor), args, type);
        LocalActorHandle<A> handle = newHandle(record);
        actors.start(record);
        return handle;
    }

    private <A> RemoteActorHandle<A> newHandle(ActorRoute route) {
        var handle = new RemoteActorHandle<A>(route, this);
        agent.remoteActors().addHandle(route);
        tracker.track(handle, route.actorId, true);
        return handle;
    }

    <R> ObjectRef<R> callRemoteActor(RemoteActorHandle<?> handle, Serializable method, Object[] args) {
        FunctionRef function = FunctionRef.of(method);
        OwnedObjects.Owned result = owned.create(newId('c'));
        TrackedObjectRef<R> ref = newRef(result);
        pinAll(args);
        agent.remoteActors().call(handle.route, new RemoteActors.Call(function, function.displayName(), args, result));
        return ref;
    }

    private <A> LocalActorHandle<A> newHandle(ActorRecord record) {
        var handle = new LocalActorHandle<A>(record, this);
        synchronized (record) {
            record.handles++;
        }
        tracker.track(handle, record.id, true);
        return handle;
    }

    <R> ObjectRef<R> callActor(LocalActorHandle<?> handle, Serializable method, Object[] args) {
        FunctionRef function = FunctionRef.of(method);
        OwnedObjects.Owned result = owned.create(newId('c'));
        TrackedObjectRef<R> ref = newRef(result);
        pinAll(args);
        var call = new ActorCall(Invocable.of(method), function.displayName(), args, result, handle.record.options.maxTaskRetries());
        actors.enqueue(handle.record, call);
        return ref;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> Optional<ActorHandle<A>> getActor(String name, Class<A> type) {
        Optional<String> location = peers.lookupName(name).toCompletableFuture().join();
        if (location.isEmpty()) {
            return Optional.empty();
        }
        // owner/actorId/className (the class name may be empty)
        String[] parts = location.get().split("/", 3);
        String owner = parts[0];
        String actorId = parts.length > 1 ? parts[1] : "";
        String className = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null;
        if (owner.equals(nodeId)) {
            ActorRecord record = actors.find(actorId);
            if (record != null && record.owner == null) {
                checkType(name, record.actorClass == null ? className : record.actorClass.getName(), type);
                return Optional.of((ActorHandle<A>) newHandle(record));
            }
            ActorRoute route = agent == null ? null : agent.remoteActors().find(actorId);
            if (route == null || !route.owned()) {
                return Optional.empty();
            }
            checkType(name, route.className, type);
            return Optional.of((ActorHandle<A>) newHandle(route));
        }
        if (agent == null) {
            return Optional.empty();
        }
        checkType(name, className, type);
        return Optional.of((ActorHandle<A>) newHandle(agent.remoteActors().routeTo(actorId, owner, className)));
    }

    private void checkType(String name, String className, Class<?> type) {
        if (className == null) {
            return;
        }
        Class<?> actual;
        try {
            actual = Class.forName(className, false, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("actor '" + name + "' is a " + className
                    + ", a class this JVM cannot load, not a " + type.getName());
        }
        if (!type.isAssignableFrom(actual)) {
            throw new IllegalArgumentException("actor '" + name + "' is a " + actual.getName() + ", not a "
                    + type.getName());
        }
    }

    @Override
    public void kill(ActorHandle<?> actor, boolean noRestart) {
        String reason = noRestart ? "killed by Trellis.kill" : "killed by Trellis.kill (restart allowed)";
        switch (actor) {
            case LocalActorHandle<?> local -> actors.kill(local.record, !noRestart, reason);
            case RemoteActorHandle<?> remote -> agent.remoteActors().kill(remote.route, !noRestart, reason);
            default -> throw new IllegalArgumentException("not an actor handle of this Trellis node: " + actor);
        }
    }

    // ---- the node agent other libraries (Serve) run on

    /** The local actor system of an embedded node, made on first use. */
    private org.apache.pekko.actor.typed.ActorSystem<Void> localSystem;

    @Override
    public synchronized org.apache.pekko.actor.typed.ActorSystem<Void> actorSystem() {
        if (peers instanceof dev.trellis.core.internal.cluster.ClusterPeers cluster) {
            return cluster.actorSystem();
        }
        if (localSystem == null) {
            localSystem = dev.trellis.core.internal.ActorSystems.embedded(
                    org.apache.pekko.actor.typed.javadsl.Behaviors.empty(), "trellis-node-" + nodeId, false,
                    com.typesafe.config.ConfigFactory.empty());
        }
        return localSystem;
    }

    @Override
    public boolean clustered() {
        return peers instanceof dev.trellis.core.internal.cluster.ClusterPeers;
    }

    @Override
    public String role() {
        return role;
    }

    @Override
    public Resources total() {
        return scheduler.total();
    }

    @Override
    public Resources available() {
        return scheduler.available();
    }

    @Override
    public Reservation tryReserve(String holder, Resources need) {
        LibraryHoldings.checkName("a reservation's holder", holder);
        java.util.Objects.requireNonNull(need, "need");
        LocalScheduler.Lease lease = scheduler.tryAcquire(need);
        if (lease == null) {
            return null;
        }
        LibraryHoldings.Held held = holdings.add(holder, need);
        return () -> {
            held.release();
            lease.release();
        };
    }

    @Override
    public void advertise(String name, String url) {
        endpoints.advertise(name, url);
    }

    @Override
    public void withdraw(String name, String url) {
        endpoints.withdraw(name, url);
    }

    // ---- cluster mode's view of this node's objects

    /** The port the cluster transport bound (0 in embedded mode). */
    volatile int clusterPort;

    ClassLoader classLoader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l == null ? NodeRuntime.class.getClassLoader() : l;
    }

    OwnedObjects.Owned ownedObject(String id) {
        return owned.find(id);
    }

    java.util.Collection<OwnedObjects.Owned> ownedObjects() {
        return List.copyOf(owned.all());
    }

    boolean holds(String id) {
        return store.contains(id);
    }

    Object localValue(String id) {
        return store.get(id);
    }

    void storeCopy(String id, Object value) {
        store.put(id, value);
    }

    void markReady(OwnedObjects.Owned o) {
        owned.ready(o);
    }

    /** The value encoded for node {@code to} when it is small enough to travel inside a message, else null. */
    byte[] inlineBytes(String id, String to) {
        Object value = store.get(id);
        if (SizeEstimator.estimate(value) > INLINE_LIMIT) {
            return null;
        }
        Borrowing.Outbound out = agent.borrowing().outbound(to);
        byte[] bytes = Wire.bytes(value, out);
        if (bytes.length > INLINE_LIMIT) {
            return null;
        }
        out.commit();
        return bytes;
    }

    static final int INLINE_LIMIT = 100 * 1024;

    /** The entry of a result this node computes for {@code owner}: kept (pinned) until the owner frees it. */
    OwnedObjects.Owned hostedResult(String id, String owner) {
        if (owner.equals(nodeId)) {
            // A call this node made, through a route, to an actor it hosts: the result is the caller's own entry
            // (or, if the caller dropped it, one kept nowhere).
            OwnedObjects.Owned own = owned.find(id);
            return own != null ? own : new OwnedObjects.Owned(id, owner);
        }
        OwnedObjects.Owned o = owned.foreign(id, owner, x -> { });
        owned.host(o);
        return o;
    }

    /** The owner freed {@code id} (or its value went back inline): drop this node's copy. */
    void freeCopy(String id) {
        OwnedObjects.Owned o = owned.find(id);
        if (o != null && !o.owner.equals(nodeId)) {
            owned.unhost(o);
        }
        store.delete(id);
    }

    /**
     * Arguments from another node: values decoded, refs made local refs that fetch their object
     * (borrowed from their owners, the sender's hold released once the owners know).
     */
    Object[] materialize(List<CoreMessages.TaskArg> args, String sender) {
        Borrowing.Inbound in = agent.borrowing().inbound(true);
        args.forEach(a -> in.hold(a.holdNode(), a.holdId()));
        try {
            Object[] out = new Object[args.size()];
            for (int i = 0; i < out.length; i++) {
                CoreMessages.TaskArg a = args.get(i);
                if (a.actorId() != null) {
                    out[i] = actorHandle(a.actorId(), a.refOwner(), a.actorClass());
                } else if (a.group() != null) {
                    out[i] = placementGroups.handle(a.group());
                } else if (a.refId() == null) {
                    out[i] = Wire.value(a.value(), in);
                } else {
                    out[i] = in.ref(a.refId(), a.refOwner());
                }
            }
            return out;
        } finally {
            in.finish();
        }
    }

    /**
     * This node's ref to object {@code id} arriving from another node: its own entry if this node
     * owns it (a ref that fails with {@link ObjectLostException} if it was freed meanwhile), else
     * a borrowed one: copied here at once when {@code fetch}, else located now and copied on
     * {@code get}.
     */
    ObjectRef<?> incomingRef(String id, String owner, boolean fetch, Borrowing.Inbound in) {
        if (owner.equals(nodeId)) {
            OwnedObjects.Owned o = owned.acquire(id);
            if (o == null) {
                var lost = new OwnedObjects.Owned(id, owner);
                owned.failed(lost, new ObjectLostException(id, "object " + id + " was freed by its owner " + nodeId
                        + " before its ref came back here"));
                return new TrackedObjectRef<>(id, lost, this);
            }
            return trackRef(o);
        }
        OwnedObjects.Owned o = owned.acquireForeign(id, owner, fetch ? this::fetchForeign : this::locateForeign);
        TrackedObjectRef<?> ref = trackRef(o);
        in.borrowed(agent.borrowing().borrow(o, owned));
        return ref;
    }

    /** Cluster mode's borrowing of refs that cross nodes. */
    Borrowing borrowing() {
        return agent.borrowing();
    }

    /** The entries this node knows (for the borrowing protocol). */
    OwnedObjects ownedEntries() {
        return owned;
    }

    /** A handle to an actor that arrived from another node: the local one, or a route to its host. */
    ActorHandle<?> actorHandle(String actorId, String owner, String className) {
        if (owner.equals(nodeId)) {
            ActorRecord record = actors.find(actorId);
            if (record != null && record.owner == null) {
                return newHandle(record);
            }
            ActorRoute route = agent.remoteActors().find(actorId);
            if (route != null && route.owned()) {
                return newHandle(route);
            }
            throw new ActorDiedException(actorId, "actor " + actorId + " passed as an argument is dead (its owner, node "
                    + nodeId + ", no longer has it)");
        }
        return newHandle(agent.remoteActors().routeTo(actorId, owner, className));
    }

    /** Makes {@code o} (another node's object) ready here: ask its owner where it is, then copy it in. */
    private void fetchForeign(OwnedObjects.Owned o) {
        findForeign(o, true);
    }

    /** Learns from its owner where {@code o} (another node's object) is, for a later {@code get} to copy it. */
    private void locateForeign(OwnedObjects.Owned o) {
        findForeign(o, false);
    }

    private void findForeign(OwnedObjects.Owned o, boolean copy) {
        agent.transfers().locate(o.id, o.owner).whenComplete((located, error) -> {
            if (error != null) {
                owned.failed(o, error instanceof TrellisException t ? t
                        : new ObjectLostException(o.id, "cannot locate object " + o.id + ": " + error));
            } else if (located.error() != null) {
                owned.failed(o, Wire.error(located.error()));
            } else if (located.inline() != null || !copy) {
                learn(o, located);
                owned.ready(o);
            } else {
                agent.transfers().fetch(o.id, located.nodes(), o.owner).whenComplete((v, e) -> {
                    if (e == null) {
                        owned.ready(o);
                    } else {
                        owned.failed(o, e instanceof TrellisException t ? t
                                : new ObjectLostException(o.id, "cannot fetch object " + o.id + ": " + e));
                    }
                });
            }
        });
    }

    /** Keeps {@code task} to rebuild {@code result} if its copies are lost, within {@code max_lineage_bytes}. */
    void keepLineage(OwnedObjects.Owned result, TaskRun task) {
        long bytes = 64; // the task itself: ids, function, options
        for (Object arg : task.args()) {
            bytes += SizeEstimator.estimate(arg);
        }
        lineage.keep(result, task, bytes);
    }

    /** The lineage kept (for tests and status). */
    LineageBudget lineage() {
        return lineage;
    }

    private void onFree(OwnedObjects.Owned o) {
        lineage.release(o);
        store.delete(o.id);
        if (agent != null && o.owner.equals(nodeId)) {
            agent.freed(o);
        }
    }

    // ---- status

    NodeReport report() {
        ObjectStore.Stats stats = store.stats();
        var pending = new ArrayList<>(scheduler.pending());
        pending.addAll(placementGroups.pending());
        return new NodeReport(nodeId, agent == null ? "embedded" : options.host() + ":" + clusterPort, role,
                scheduler.total(), scheduler.available(),
                scheduler.running(), pending, actors.size(), stats.bytesInMemory(), stats.bytesSpilled(),
                placementGroups.table(), holdings.snapshot(), endpoints.snapshot());
    }

    @Override
    public List<NodeInfo> nodes() {
        return peers.nodes().stream()
                .map(r -> new NodeInfo(r.nodeId(), r.address(), r.role(), r.total(), r.available(), r.runningTasks(),
                        r.pending(), r.actors(), r.objectStoreBytes(), r.spilledBytes(), r.placementGroups(),
                        r.holdings(), r.endpoints()))
                .sorted(Comparator.comparing(NodeInfo::nodeId))
                .toList();
    }

    /** Store statistics, for tests and metrics. */
    ObjectStore.Stats storeStats() {
        return store.stats();
    }

    @Override
    public void shutdown() {
        metrics.close();
        if (agent != null) {
            agent.close();
        }
        placementGroups.close();
        actors.shutdown("Trellis was shut down");
        scheduler.cancelWaiting();
        tracker.close();
        workers.shutdownNow();
        callThreads.shutdownNow();
        owned.clear();
        store.clear();
        peers.close();
        synchronized (this) {
            if (localSystem != null) {
                localSystem.terminate();
            }
        }
        if (ownsSpillDirectory) {
            try (var files = Files.list(spillDirectory)) {
                files.forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // best effort: the directory is under the system's temporary directory
            }
            spillDirectory.toFile().delete();
        }
    }
}
