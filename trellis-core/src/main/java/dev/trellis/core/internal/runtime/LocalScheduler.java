package dev.trellis.core.internal.runtime;

import dev.trellis.core.Resources;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The node agent's local scheduling (Ray's raylet): work that needs resources waits in arrival
 * order until this node has them free, then starts on the worker pool. Later arrivals that fit
 * may start before an earlier one that does not (no head-of-line blocking on a big request).
 * A task blocked in {@code get} lends its CPUs back ({@link Lease#lend}) so the tasks it waits on
 * can run; it takes them back when it resumes, even if that oversubscribes the node briefly (as
 * Ray does).
 *
 * <p>Thread-safe: all bookkeeping under this object's lock; work runs outside it.
 */
final class LocalScheduler {
    private final Resources total;
    private double cpus;
    private double gpus;
    private final Map<String, Double> custom = new TreeMap<>();
    private final LinkedList<Waiting> queue = new LinkedList<>();
    private final ExecutorService workers;
    private int running;

    private record Waiting(Resources demand, String name, Consumer<Lease> work) {
    }

    /** Resources held by one piece of work; released exactly once. */
    final class Lease {
        private final Resources demand;
        private boolean released;
        private int lent;

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

        /** Lends this lease's CPUs to the node while its holder blocks; {@link #reclaim} takes them back. */
        void lend() {
            synchronized (LocalScheduler.this) {
                if (released || lent++ > 0) {
                    return;
                }
                cpus += demand.cpus();
            }
            dispatch();
        }

        void reclaim() {
            synchronized (LocalScheduler.this) {
                if (released || --lent > 0) {
                    return;
                }
                cpus -= demand.cpus();
            }
        }
    }

    LocalScheduler(Resources total, ExecutorService workers) {
        this.total = total;
        this.workers = workers;
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

    /** What waits, and for what, e.g. {@code Fns.slow: waits for {CPU: 2, GPU: 0}; free: {CPU: 1, GPU: 0}}. */
    synchronized List<String> pending() {
        var out = new ArrayList<String>();
        Resources free = available();
        for (Waiting w : queue) {
            out.add(w.name + ": waits for " + w.demand + "; free: " + free);
        }
        return out;
    }

    /**
     * Runs {@code work} on the worker pool once {@code demand} is free here. The work must call
     * {@link Lease#release()} when done with the resources (tasks: when they return; actors: when they die).
     */
    void submit(Resources demand, String name, Consumer<Lease> work) {
        synchronized (this) {
            queue.add(new Waiting(demand, name, work));
        }
        dispatch();
    }

    /** Starts every waiting piece of work that fits now. */
    void dispatch() {
        List<Runnable> start = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Waiting> it = queue.iterator(); it.hasNext(); ) {
                Waiting w = it.next();
                if (fits(w.demand)) {
                    it.remove();
                    add(w.demand, -1);
                    Lease lease = new Lease(w.demand);
                    running++;
                    start.add(() -> {
                        try {
                            w.work.accept(lease);
                        } finally {
                            synchronized (LocalScheduler.this) {
                                running--;
                            }
                        }
                    });
                }
            }
        }
        start.forEach(workers::execute);
    }

    /** Takes {@code demand} now if it is free, ahead of queued work; null if it is not free. */
    synchronized Lease tryAcquire(Resources demand) {
        if (!fits(demand)) {
            return null;
        }
        add(demand, -1);
        return new Lease(demand);
    }

    /** Drops everything waiting (at shutdown); returns how many. */
    synchronized int cancelWaiting() {
        int n = queue.size();
        queue.clear();
        return n;
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
