package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorDiedException;
import dev.trellis.core.ActorLifetime;
import dev.trellis.core.TrellisException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the actors hosted on this node: constructs them once their resources are free, feeds each
 * one's mailbox in order to virtual threads, and handles death (a failed constructor, a kill) and
 * restart (up to {@code maxRestarts}; calls in flight are retried per {@code maxTaskRetries} or fail
 * with {@link ActorDiedException}).
 */
final class ActorManager {
    private static final Logger LOG = LoggerFactory.getLogger(ActorManager.class);

    private final NodeRuntime runtime;
    private final ExecutorService callThreads;
    private final ConcurrentHashMap<String, ActorRecord> actors = new ConcurrentHashMap<>();

    ActorManager(NodeRuntime runtime, ExecutorService callThreads) {
        this.runtime = runtime;
        this.callThreads = callThreads;
    }

    ActorRecord find(String id) {
        return actors.get(id);
    }

    java.util.Collection<ActorRecord> all() {
        return List.copyOf(actors.values());
    }

    int size() {
        return actors.size();
    }

    /** How many of the actors hosted here are in {@code state} now (dead ones are gone); for metrics. */
    int count(ActorRecord.State state) {
        int n = 0;
        for (ActorRecord r : actors.values()) {
            synchronized (r) {
                n += r.state == state ? 1 : 0;
            }
        }
        return n;
    }

    /** Registers {@code record} and starts it once its constructor's argument refs are ready. */
    void start(ActorRecord record) {
        actors.put(record.id, record);
        runtime.whenReady(record.constructorArgs, () -> place(record));
    }

    private void place(ActorRecord record) {
        if (record.bundleKey != null) {
            placeInBundle(record);
            return;
        }
        if (record.options.schedulingStrategy() instanceof dev.trellis.core.SchedulingStrategy.InPlacementGroup g) {
            runtime.placementGroups().target(g, record.options.resources(), "actor " + record.describe())
                    .whenComplete((t, e) -> {
                        if (e != null) {
                            die(record, PlacementGroups.error(e).getMessage());
                        } else if (!t.node().equals(runtime.nodeId())) {
                            die(record, "actor " + record.describe() + " cannot be scheduled: its bundle is on node "
                                    + t.node() + ", not on node " + runtime.nodeId() + " that hosts it");
                        } else {
                            record.bundleKey = t.bundleKey();
                            placeInBundle(record);
                        }
                    });
            return;
        }
        String infeasible = runtime.infeasible(record.options.resources(), record.options.schedulingStrategy());
        if (infeasible != null) {
            die(record, "actor " + record.describe() + " cannot be scheduled: " + infeasible);
            return;
        }
        runtime.scheduler().submit(record.options.resources(), "actor " + record.describe(),
                lease -> construct(record, lease));
    }

    /** Starts the actor on the ledger of its placement group bundle reserved here. */
    private void placeInBundle(ActorRecord record) {
        LocalScheduler ledger = runtime.placementGroups().ledger(record.bundleKey);
        String gone = "actor " + record.describe() + " cannot run: its placement group bundle " + record.bundleKey
                + " is no longer reserved on node " + runtime.nodeId();
        if (ledger == null) {
            die(record, gone);
            return;
        }
        ledger.submit(record.options.resources(), "actor " + record.describe(), lease -> construct(record, lease),
                () -> die(record, gone));
    }

    private void construct(ActorRecord record, LocalScheduler.Lease lease) {
        synchronized (record) {
            if (record.state == ActorRecord.State.DEAD) {
                lease.release();
                return;
            }
            record.lease = lease;
        }
        Object instance;
        try {
            instance = record.constructor.call(runtime.argumentValues(record.constructorArgs));
        } catch (Throwable t) {
            Throwable cause = Failures.unwrap(t);
            die(record, "actor " + record.describe() + " died: its constructor threw " + cause);
            return;
        }
        synchronized (record) {
            if (record.state == ActorRecord.State.DEAD) {
                return;
            }
            record.instance = instance;
            record.actorClass = instance.getClass();
            record.state = ActorRecord.State.ALIVE;
            record.incarnation++;
        }
        record.lifecycle.alive(record);
        pump(record);
    }

    /** Queues {@code call}; it runs after every call queued before it. */
    void enqueue(ActorRecord record, ActorCall call) {
        String deadReason = null;
        synchronized (record) {
            if (record.state == ActorRecord.State.DEAD) {
                deadReason = record.deathReason;
            } else {
                record.mailbox.add(call);
            }
        }
        if (deadReason != null) {
            fail(call, new ActorDiedException(record.id, deadReason));
            return;
        }
        pump(record);
    }

    /** Starts queued calls while the actor is alive, has room, and the head call's arguments are ready. */
    private void pump(ActorRecord record) {
        List<ActorCall> start = new ArrayList<>();
        synchronized (record) {
            while (record.state == ActorRecord.State.ALIVE && !record.waitingForArgs
                    && record.inFlight.size() < record.options.maxConcurrency() && !record.mailbox.isEmpty()) {
                ActorCall head = record.mailbox.peek();
                if (!runtime.areReady(head.args)) {
                    record.waitingForArgs = true;
                    runtime.whenReady(head.args, () -> {
                        synchronized (record) {
                            record.waitingForArgs = false;
                        }
                        pump(record);
                    });
                    break;
                }
                record.mailbox.poll();
                head.incarnation = record.incarnation;
                record.inFlight.add(head);
                start.add(head);
            }
        }
        for (ActorCall call : start) {
            Object instance;
            int incarnation;
            synchronized (record) {
                instance = record.instance;
                incarnation = call.incarnation;
            }
            callThreads.execute(() -> run(record, call, instance, incarnation));
        }
    }

    /** One run of {@code call} by the actor's {@code incarnation}; a run of an older one (killed, retried since) is ignored. */
    private void run(ActorRecord record, ActorCall call, Object instance, int incarnation) {
        call.thread = Thread.currentThread();
        Object value = null;
        Throwable failure = null;
        try {
            Object[] values = runtime.argumentValues(call.args);
            Object[] withSelf = new Object[values.length + 1];
            withSelf[0] = instance;
            System.arraycopy(values, 0, withSelf, 1, values.length);
            value = call.method.call(withSelf);
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (call.thread == Thread.currentThread()) {
                call.thread = null;
            }
        }
        boolean current;
        synchronized (record) {
            // Check the incarnation first: a retried call is the same object, in flight again for the new one.
            current = call.incarnation == incarnation && record.incarnation == incarnation && record.inFlight.remove(call);
        }
        if (current && call.finish()) {
            if (failure == null) {
                runtime.complete(call.result, value);
            } else {
                runtime.fail(call.result, Failures.taskFailed(call.name, failure));
            }
            runtime.unpinAll(call.args);
        }
        pump(record);
    }

    /**
     * Kills {@code record}: restarted if {@code allowRestart} and it has restarts left, else dead.
     */
    void kill(ActorRecord record, boolean allowRestart, String reason) {
        if (allowRestart) {
            List<ActorCall> retry = new ArrayList<>();
            List<ActorCall> lost = new ArrayList<>();
            synchronized (record) {
                if (record.state == ActorRecord.State.DEAD || !record.hasRestartsLeft()) {
                    allowRestart = false;
                } else {
                    record.restarts++;
                    runtime.metrics().actorRestarted();
                    record.state = ActorRecord.State.RESTARTING;
                    record.instance = null;
                    for (ActorCall c : record.takeInFlight()) {
                        interrupt(c);
                        if (c.retriesLeft != 0) {
                            c.retriesLeft = c.retriesLeft < 0 ? -1 : c.retriesLeft - 1;
                            retry.add(c);
                        } else {
                            lost.add(c);
                        }
                    }
                    // Retried calls go first, in their original order.
                    for (int i = retry.size() - 1; i >= 0; i--) {
                        record.mailbox.addFirst(retry.get(i));
                    }
                }
            }
            if (allowRestart) {
                LOG.info("restarting actor {} ({} of {} restarts): {}", record.describe(), record.restarts,
                        record.options.maxRestarts(), reason);
                String message = "actor " + record.describe() + " died while running this call (" + reason
                        + ") and the call has no retries left (max_task_retries)";
                lost.forEach(c -> fail(c, new ActorDiedException(record.id, message)));
                callThreads.execute(() -> construct(record, record.lease));
                return;
            }
        }
        die(record, "actor " + record.describe() + " is dead: " + reason);
    }

    /** The actor is gone for good: its resources, name and every queued or running call. */
    void die(ActorRecord record, String reason) {
        List<ActorCall> calls = new ArrayList<>();
        LocalScheduler.Lease lease;
        synchronized (record) {
            if (record.state == ActorRecord.State.DEAD) {
                return;
            }
            record.state = ActorRecord.State.DEAD;
            record.deathReason = reason;
            record.instance = null;
            calls.addAll(record.takeInFlight());
            calls.addAll(record.mailbox);
            record.mailbox.clear();
            lease = record.lease;
            record.lease = null;
        }
        actors.remove(record.id, record);
        record.lifecycle.died(record, reason);
        if (record.name != null) {
            runtime.peers().unregisterName(record.name);
        }
        if (lease != null) {
            lease.release();
        }
        runtime.unpinAll(record.constructorArgs);
        for (ActorCall c : calls) {
            interrupt(c);
            fail(c, new ActorDiedException(record.id, reason));
        }
    }

    /** A handle was collected: an unnamed, non-detached actor with no handle left is killed (as in Ray). */
    void handleReleased(String actorId) {
        ActorRecord record = actors.get(actorId);
        if (record == null) {
            return;
        }
        boolean kill;
        synchronized (record) {
            record.handles--;
            kill = record.handles <= 0 && record.name == null
                    && record.options.lifetime() == ActorLifetime.NON_DETACHED;
        }
        if (kill) {
            die(record, "actor " + record.describe() + " was stopped: no handle to it is left");
        }
    }

    /** Kills every actor (at shutdown). */
    void shutdown(String reason) {
        for (ActorRecord r : List.copyOf(actors.values())) {
            die(r, "actor " + r.describe() + " is dead: " + reason);
        }
    }

    private void fail(ActorCall call, TrellisException error) {
        if (call.finish()) {
            runtime.fail(call.result, error);
            runtime.unpinAll(call.args);
        }
    }

    private static void interrupt(ActorCall c) {
        Thread t = c.thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
