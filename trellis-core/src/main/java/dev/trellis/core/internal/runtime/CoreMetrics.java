package dev.trellis.core.internal.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * The metrics of one node (the counterparts of Ray's {@code ray_tasks}, {@code ray_actors},
 * {@code ray_object_store_memory} and {@code ray_spill_manager_*}), every series tagged
 * {@code node_id}; docs/core.md lists them. The runtime records into plain adders from its
 * first task on, whether or not a registry is bound: a call never touches Micrometer. Binding
 * ({@link #bindTo}) registers function counters and gauges that read those adders and the
 * store's statistics at scrape time, so a registry bound late still sees everything since the
 * node started, and several registries (a node's own endpoint, Serve's) can share one node.
 *
 * <p>The {@code tasks_*} counters count the tasks this node submitted (it owns them), whichever
 * node ran them; each ends exactly once, finished or failed. The task gauges and
 * {@code task_runs} count the work of this node's workers, whoever owns it. Thread-safe. {@link #close} (at node shutdown) removes every meter
 * from every registry it was bound to.
 */
public final class CoreMetrics implements MeterBinder {
    static final String TASKS = "trellis.core.tasks";
    static final String TASKS_SUBMITTED = "trellis.core.tasks.submitted";
    static final String TASKS_FINISHED = "trellis.core.tasks.finished";
    static final String TASKS_FAILED = "trellis.core.tasks.failed";
    static final String TASKS_RETRIED = "trellis.core.tasks.retried";
    static final String TASK_RUNS = "trellis.core.task.runs";
    static final String ACTORS = "trellis.core.actors";
    static final String ACTOR_RESTARTS = "trellis.core.actor.restarts";
    static final String STORE_MEMORY = "trellis.core.object.store.memory";
    static final String STORE_AVAILABLE = "trellis.core.object.store.available.memory";
    static final String STORE_OBJECTS = "trellis.core.object.store.num.local.objects";
    static final String SPILL_REQUESTS = "trellis.core.spill.manager.request";
    static final String SPILL_BYTES = "trellis.core.spill.manager.bytes";
    static final String TRANSFER_BYTES = "trellis.core.object.transfer.bytes";

    private final String nodeId;
    private final long storeBudget;
    private final Supplier<ObjectStore.Stats> store;
    private final IntSupplier waitingForNode;
    private final ToIntFunction<ActorRecord.State> actors;

    private final LongAdder submitted = new LongAdder();
    private final LongAdder finished = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder runsReturned = new LongAdder();
    private final LongAdder runsThrew = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();

    private final Map<MeterRegistry, List<Meter>> bound = new IdentityHashMap<>();
    private boolean closed;

    /**
     * @param storeBudget    the object store's byte budget
     * @param store          the object store's statistics now
     * @param waitingForNode tasks this node owns that wait for a node with room (cluster mode)
     * @param actors         how many of this node's actors are in a state now
     */
    CoreMetrics(String nodeId, long storeBudget, Supplier<ObjectStore.Stats> store, IntSupplier waitingForNode,
                ToIntFunction<ActorRecord.State> actors) {
        this.nodeId = nodeId;
        this.storeBudget = storeBudget;
        this.store = store;
        this.waitingForNode = waitingForNode;
        this.actors = actors;
    }

    // ---- recording, from the runtime

    /** A task was submitted here (this node owns it). */
    void taskSubmitted() {
        submitted.increment();
    }

    /** A task this node owns ended: its value is in, or it failed for good. */
    void taskEnded(boolean withError) {
        (withError ? failed : finished).increment();
    }

    /** A task this node owns runs again: it threw with retry_exceptions, its node died, or its lost result is rebuilt. */
    void taskRetried() {
        retried.increment();
    }

    /** A task joined this node's scheduler queue, waiting for resources. */
    void taskQueued() {
        queued.incrementAndGet();
    }

    /** A queued task started on this node's workers. */
    void taskStarted() {
        queued.decrementAndGet();
        running.incrementAndGet();
    }

    /** A task running here (whoever owns it) returned or threw. */
    void taskStopped(boolean threw) {
        running.decrementAndGet();
        (threw ? runsThrew : runsReturned).increment();
    }

    /** An actor hosted here died and is being restarted. */
    void actorRestarted() {
        restarts.increment();
    }

    /** Object bytes this node sent to another node. */
    void bytesSent(long n) {
        bytesSent.add(n);
    }

    /** Object bytes this node received from another node. */
    void bytesReceived(long n) {
        bytesReceived.add(n);
    }

    // ---- binding

    /** Registers this node's meters in {@code registry}; binding it again changes nothing. After {@link #close}: nothing. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (closed || bound.containsKey(registry)) {
            return;
        }
        var meters = new ArrayList<Meter>();
        Tags node = Tags.of("node_id", nodeId);

        meters.add(counter(registry, TASKS_SUBMITTED, node, "Tasks submitted on this node (it owns them)", null,
                m -> m.submitted.sum()));
        meters.add(counter(registry, TASKS_FINISHED, node, "Tasks this node owns that returned a value", null,
                m -> m.finished.sum()));
        meters.add(counter(registry, TASKS_FAILED, node,
                "Tasks this node owns that failed for good (threw with no retries left, unschedulable, node died, argument failed)",
                null, m -> m.failed.sum()));
        meters.add(counter(registry, TASKS_RETRIED, node,
                "Runs again of tasks this node owns (retry_exceptions, node death, lineage reconstruction)", null,
                m -> m.retried.sum()));
        String runs = "Runs of tasks on this node's workers (any owner), by how they ended";
        meters.add(counter(registry, TASK_RUNS, node.and("outcome", "returned"), runs, null, m -> m.runsReturned.sum()));
        meters.add(counter(registry, TASK_RUNS, node.and("outcome", "threw"), runs, null, m -> m.runsThrew.sum()));
        String tasks = "Tasks by state: RUNNING on this node's workers; PENDING for resources here or, owned here,"
                + " for a node with room";
        meters.add(gauge(registry, TASKS, node.and("state", "RUNNING"), tasks, null, m -> m.running.get()));
        meters.add(gauge(registry, TASKS, node.and("state", "PENDING"), tasks, null,
                m -> m.queued.get() + m.waitingForNode.getAsInt()));

        for (ActorRecord.State state : List.of(ActorRecord.State.PENDING, ActorRecord.State.ALIVE,
                ActorRecord.State.RESTARTING)) {
            meters.add(gauge(registry, ACTORS, node.and("state", state.name()), "Actors hosted on this node, by state",
                    null, m -> m.actors.applyAsInt(state)));
        }
        meters.add(counter(registry, ACTOR_RESTARTS, node, "Restarts of actors hosted on this node", null,
                m -> m.restarts.sum()));

        meters.add(gauge(registry, STORE_MEMORY, node.and("location", "IN_MEMORY"),
                "Bytes of objects in this node's object store, by location", "bytes", m -> m.store.get().bytesInMemory()));
        meters.add(gauge(registry, STORE_MEMORY, node.and("location", "SPILLED"),
                "Bytes of objects in this node's object store, by location", "bytes", m -> m.store.get().bytesSpilled()));
        meters.add(gauge(registry, STORE_AVAILABLE, node,
                "The object store's budget less the bytes in memory (negative when objects that cannot spill exceed it)",
                "bytes", m -> m.storeBudget - m.store.get().bytesInMemory()));
        meters.add(gauge(registry, STORE_OBJECTS, node, "Objects in this node's object store, in memory or spilled",
                null, m -> m.store.get().objects()));
        String spills = "Objects written to the spill directory (Spilled) and read back on get (Restored)";
        meters.add(counter(registry, SPILL_REQUESTS, node.and("type", "Spilled"), spills, null, m -> m.store.get().spills()));
        meters.add(counter(registry, SPILL_REQUESTS, node.and("type", "Restored"), spills, null,
                m -> m.store.get().restores()));
        String spillBytes = "Bytes written to the spill directory (Spilled) and read back from it (Restored)";
        meters.add(counter(registry, SPILL_BYTES, node.and("type", "Spilled"), spillBytes, "bytes",
                m -> m.store.get().spilledBytesTotal()));
        meters.add(counter(registry, SPILL_BYTES, node.and("type", "Restored"), spillBytes, "bytes",
                m -> m.store.get().restoredBytesTotal()));
        String transfers = "Encoded object bytes sent to and received from other nodes";
        meters.add(counter(registry, TRANSFER_BYTES, node.and("direction", "sent"), transfers, "bytes",
                m -> m.bytesSent.sum()));
        meters.add(counter(registry, TRANSFER_BYTES, node.and("direction", "received"), transfers, "bytes",
                m -> m.bytesReceived.sum()));
        bound.put(registry, meters);
    }

    /** Removes this node's meters from {@code registry}, if they are there. */
    public synchronized void unbind(MeterRegistry registry) {
        List<Meter> meters = bound.remove(registry);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    /** Removes every meter from every registry and binds no more; the node calls it once, at shutdown. */
    synchronized void close() {
        closed = true;
        for (MeterRegistry registry : List.copyOf(bound.keySet())) {
            unbind(registry);
        }
    }

    private FunctionCounter counter(MeterRegistry registry, String name, Tags tags, String description, String unit,
                                    ToDoubleFunction<CoreMetrics> value) {
        return FunctionCounter.builder(name, this, value).tags(tags).description(description).baseUnit(unit)
                .register(registry);
    }

    private Gauge gauge(MeterRegistry registry, String name, Tags tags, String description, String unit,
                        ToDoubleFunction<CoreMetrics> value) {
        return Gauge.builder(name, this, value).tags(tags).description(description).baseUnit(unit)
                .register(registry);
    }
}
