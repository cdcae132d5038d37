package dev.trellis.core.internal.runtime;

import dev.trellis.core.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The node agent's local scheduling (Ray's raylet): work that needs resources waits in arrival
 * order until this node has them free, then starts on the worker pool. Later arrivals that fit
 * may start before an earlier one that does not (no head-of-line blocking on a big request).
 * A task blocked in {@code get} lends its CPUs back ({@link Lease#lend}) so the tasks it waits on
 * can run; it takes them back when it resumes, even if that oversubscribes the node briefly (as
 * Ray does).
 *
 * <p>Work that asks for no CPU still needs a worker thread: at most {@code zeroCpuSlots} such
 * bodies run at once (a blocked one gives its slot back, as CPUs are lent), so a flood of
 * {@code num_cpus=0} tasks cannot start a thread each.
 *
 * <p>Waiting work is kept in one queue per distinct demand, so starting work costs the number of
 * distinct demands, not the number waiting. Thread-safe: all bookkeeping under this object's
 * lock; work runs outside it.
 */
final class LocalScheduler {
    private final Resources total;
    private final int zeroCpuSlots;
    private double cpus;
    private double gpus;
    private final Map<String, Double> custom = new TreeMap<>();
    /** Per demand, its waiting work in arrival order; demands in first-seen order. */
    private final LinkedHashMap<Resources, ArrayDeque<Waiting>> queues = new LinkedHashMap<>();
    private final Executor workers;
    private long arrivals;
    private int waiting;
    private int running;
    private int zeroCpuRunning;

    private record Waiting(long seq, Resources demand, String name, Consumer<Lease> work, Runnable onCancel) {
    }

    /** Resources held by one piece of work; released exactly once. */
    final class Lease {
        private final Resources demand;
        private boolean released;
        private int lent;
        /** A zero-CPU body holding one of the zero-CPU slots (not while it is blocked, nor after it returned). */
        private boolean slot;
        private boolean bodyDone;

        private Lease(Resources demand) {
            this.demand = demand;
        }

        /** Gives the lease's resources back to the node. Idempotent. */
        void release() {
            synchronized (LocalScheduler.this) {
                if (released) {
                    return;
                }
                released = true;
                add(demand, 1);
                if (lent > 0) {
                    cpus -= demand.cpus(); // already lent back
                }
            }
            dispatch();
        }

        /** Lends this lease's CPUs (or zero-CPU slot) to the node while its holder blocks; {@link #reclaim} takes them back. */
        void lend() {
            synchronized (LocalScheduler.this) {
                if (released || lent++ > 0) {
                    return;
                }
                cpus += demand.cpus();
                freeSlot(this);
            }
            dispatch();
        }

        void reclaim() {
            synchronized (LocalScheduler.this) {
                if (released || --lent > 0) {
                    return;
                }
                cpus -= demand.cpus();
                if (demand.cpus() <= 0 && !bodyDone) {
                    slot = true;
                    zeroCpuRunning++;
                }
            }
        }
    }

    LocalScheduler(Resources total, Executor workers) {
        this(total, workers, Math.max(16, 4 * (int) Math.ceil(total.cpus())));
    }

    LocalScheduler(Resources total, Executor workers, int zeroCpuSlots) {
        if (zeroCpuSlots < 1) {
            throw new IllegalArgumentException("zero-CPU slots must be >= 1, was " + zeroCpuSlots);
        }
        this.total = total;
        this.workers = workers;
        this.zeroCpuSlots = zeroCpuSlots;
        add(total, 1);
    }

    Resources total() {
        return total;
    }

    /** What is free now (never negative). */
    synchronized Resources available() {
        return new Resources(Math.max(0, cpus), Math.max(0, gpus), clampCustom());
    }

    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting;
    }

    /** What waits, and for what, e.g. {@code Fns.slow: waits for {CPU: 2, GPU: 0}; free: {CPU: 1, GPU: 0}}. */
    synchronized List<String> pending() {
        Resources free = available();
        var all = new ArrayList<Waiting>(waiting);
        queues.values().forEach(all::addAll);
        all.sort(Comparator.comparingLong(Waiting::seq));
        var out = new ArrayList<String>(all.size());
        for (Waiting w : all) {
            out.add(w.name + ": waits for " + w.demand + (w.demand.cpus() <= 0 && fits(w.demand)
                    ? " (every zero-CPU worker slot is busy)" : "") + "; free: " + free);
        }
        return out;
    }

    /**
     * Runs {@code work} on the worker pool once {@code demand} is free here. The work must call
     * {@link Lease#release()} when done with the resources (tasks: when they return; actors: when they die).
     */
    void submit(Resources demand, String name, Consumer<Lease> work) {
        submit(demand, name, work, () -> { });
    }

    /** As {@link #submit(Resources, String, Consumer)}; {@code onCancel} runs if the work is cancelled before it starts. */
    void submit(Resources demand, String name, Consumer<Lease> work, Runnable onCancel) {
        synchronized (this) {
            queues.computeIfAbsent(demand, d -> new ArrayDeque<>())
                    .add(new Waiting(arrivals++, demand, name, work, onCancel));
            waiting++;
        }
        dispatch();
    }

    /** What {@link #withdrawIfIdle} found. */
    enum Withdrawal { WITHDRAWN, STARTED, STILL_WAITING }

    /** As {@link #submit(Resources, String, Consumer)}; returns a token for {@link #withdrawIfIdle}. */
    Object submitWithdrawable(Resources demand, String name, Consumer<Lease> work) {
        Waiting w;
        synchronized (this) {
            w = new Waiting(arrivals++, demand, name, work, () -> { });
            queues.computeIfAbsent(demand, d -> new ArrayDeque<>()).add(w);
            waiting++;
        }
        dispatch();
        return w;
    }

    /**
     * Takes back work submitted with {@link #submitWithdrawable} if it still waits while no work
     * body runs here: then nothing running will free resources for it (what it waits for is
     * held by actors or bundles), and its owner had better place it elsewhere.
     */
    /** True while work submitted with {@link #submitWithdrawable} has not started. */
    synchronized boolean isWaiting(Object token) {
        Waiting w = (Waiting) token;
        ArrayDeque<Waiting> q = queues.get(w.demand);
        return q != null && q.contains(w);
    }

    synchronized Withdrawal withdrawIfIdle(Object token) {
        Waiting w = (Waiting) token;
        ArrayDeque<Waiting> q = queues.get(w.demand);
        if (q == null || !q.contains(w)) {
            return Withdrawal.STARTED;
        }
        if (running > 0) {
            return Withdrawal.STILL_WAITING;
        }
        q.remove(w);
        if (q.isEmpty()) {
            queues.remove(w.demand);
        }
        waiting--;
        return Withdrawal.WITHDRAWN;
    }

    /** Takes {@code demand} now if it is free, ahead of queued work; null if it is not free. */
    synchronized Lease tryAcquire(Resources demand) {
        if (!fits(demand)) {
            return null;
        }
        add(demand, -1);
        return new Lease(demand);
    }

    /** Starts waiting work that fits now, earliest arrival first among the demands that fit. */
    void dispatch() {
        List<Runnable> start = new ArrayList<>();
        synchronized (this) {
            while (waiting > 0) {
                ArrayDeque<Waiting> next = null;
                for (ArrayDeque<Waiting> q : queues.values()) {
                    Waiting head = q.peek();
                    if (head != null && startable(head.demand) && (next == null || head.seq < next.peek().seq)) {
                        next = q;
                    }
                }
                if (next == null) {
                    break;
                }
                Waiting w = next.poll();
                if (next.isEmpty()) {
                    queues.remove(w.demand);
                }
                waiting--;
                start.add(begin(w));
            }
        }
        start.forEach(workers::execute);
    }

    /** Under the lock: takes {@code w}'s resources and returns its body. */
    private Runnable begin(Waiting w) {
        add(w.demand, -1);
        Lease lease = new Lease(w.demand);
        running++;
        if (w.demand.cpus() <= 0) {
            lease.slot = true;
            zeroCpuRunning++;
        }
        return () -> {
            try {
                w.work.accept(lease);
            } finally {
                synchronized (LocalScheduler.this) {
                    running--;
                    lease.bodyDone = true;
                    freeSlot(lease);
                }
                dispatch();
            }
        };
    }

    private void freeSlot(Lease lease) {
        if (lease.slot) {
            lease.slot = false;
            zeroCpuRunning--;
        }
    }

    private boolean startable(Resources d) {
        return fits(d) && (d.cpus() > 0 || zeroCpuRunning < zeroCpuSlots);
    }

    /** Drops everything waiting (at shutdown, or a placement group's bundle removed), telling each; returns how many. */
    int cancelWaiting() {
        var cancelled = new ArrayList<Waiting>();
        synchronized (this) {
            queues.values().forEach(cancelled::addAll);
            queues.clear();
            waiting = 0;
        }
        cancelled.forEach(w -> w.onCancel.run());
        return cancelled.size();
    }

    private boolean fits(Resources d) {
        if (d.cpus() > cpus + 1e-9 || d.gpus() > gpus + 1e-9) {
            return false;
        }
        for (var e : d.custom().entrySet()) {
            if (e.getValue() > custom.getOrDefault(e.getKey(), 0.0) + 1e-9) {
                return false;
            }
        }
        return true;
    }

    private void add(Resources r, int sign) {
        cpus += sign * r.cpus();
        gpus += sign * r.gpus();
        r.custom().forEach((k, v) -> custom.merge(k, sign * v, Double::sum));
    }

    private Map<String, Double> clampCustom() {
        var out = new TreeMap<String, Double>();
        custom.forEach((k, v) -> out.put(k, Math.max(0, v)));
        return out;
    }
}
