package dev.trellis.serve.internal.router;

import dev.trellis.serve.BackPressureException;
import dev.trellis.serve.DeploymentUnavailableException;
import dev.trellis.serve.ReplicaDiedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Routes calls to the replicas of one deployment by the "power of two choices": sample two
 * replicas at random and send to the one with fewer calls in flight from this router. Two
 * samples avoid both the herding of "always the least loaded" (every router would pick the
 * same replica on stale counts) and the imbalance of pure random choice, at O(1) cost.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>This router never has more than {@code max_ongoing_requests} calls in flight on one
 *   replica. When both samples are full it scans for any replica with room; when every replica
 *   is full, the call waits in a FIFO queue, and the queue is drained as replies come back.</li>
 *   <li>At most {@code max_queued_requests} calls wait (-1: unlimited); one more fails at once
 *   with {@link BackPressureException}, so nothing waits on an overloaded deployment unboundedly.</li>
 *   <li>A call a replica rejected without running it (the replica was stopping or had crashed)
 *   goes back to the head of the queue and is retried on another replica.</li>
 *   <li>Once the controller says the deployment is unavailable (deleted, failed to deploy),
 *   queued and new calls fail with {@link DeploymentUnavailableException}.</li>
 *   <li>With no replica at all (not yet started, or scaled to zero) calls wait in the queue,
 *   and the {@linkplain #onQueuedWithoutReplicas listener} hears of it once, so that an
 *   autoscaled deployment starts a replica at once; it hears again only after replicas came
 *   and went.</li>
 *   <li>A call for a multiplexed model goes to a replica that holds the model if one has room,
 *   else to one with room holding the fewest models ({@link ModelAwareChoice}).</li>
 * </ul>
 * Thread-safe; replicas are only sent to after the lock is released.
 */
public final class PowerOfTwoChoicesRouter {
    /** Retries of one call before it fails: bounded so a call never bounces forever. */
    static final int MAX_ATTEMPTS = 10;

    private final String deploymentId;
    private final RandomGenerator random;
    private final java.util.function.LongSupplier nanoClock;
    private final Object lock = new Object();
    private final ArrayDeque<PendingCall> queue = new ArrayDeque<>();
    private List<Slot> slots = List.of();
    private int maxOngoing = 5;
    private int maxQueued = -1;
    private String unavailable;
    private volatile Runnable queuedWithoutReplicas = () -> { };
    /** Runs once per submitted call (the node's request counter); set once, before calls arrive. */
    private volatile Runnable submitted = () -> { };
    /** The listener was told about the current stretch without replicas (guarded by the lock). */
    private boolean toldWithoutReplicas;

    /** What this router has on the deployment now: calls waiting, and calls in flight per replica. */
    public record Load(int queued, Map<String, Integer> inFlight) {
    }

    /** One replica and the number of this router's calls in flight on it. */
    static final class Slot {
        final ReplicaTarget target;
        int inFlight;
        /** Multiplexed model ids the replica holds, as the controller last reported. */
        java.util.Set<String> models = java.util.Set.of();
        /** Model ids this router sent here that the controller has not confirmed yet; null when none. */
        java.util.Set<String> tentativeModels;
        /** How many models the replica keeps; 0 when unknown (no multiplexed loader). */
        int modelCapacity;

        Slot(ReplicaTarget target) {
            this.target = target;
        }
    }

    public PowerOfTwoChoicesRouter(String deploymentId, RandomGenerator random) {
        this(deploymentId, random, System::nanoTime);
    }

    /** A router whose queue times come from {@code nanoClock} (tests pass a manual one). */
    PowerOfTwoChoicesRouter(String deploymentId, RandomGenerator random, java.util.function.LongSupplier nanoClock) {
        this.deploymentId = deploymentId;
        this.random = random;
        this.nanoClock = nanoClock;
    }

    public String deploymentId() {
        return deploymentId;
    }

    /**
     * Called (outside the lock, on the thread that queued the call or applied the update) when
     * calls wait and this router knows no replica: the deployment may be scaled to zero.
     */
    public void onQueuedWithoutReplicas(Runnable listener) {
        queuedWithoutReplicas = listener == null ? () -> { } : listener;
    }

    /** Runs {@code counter} once per call submitted (not per retry); cheap and non-throwing. */
    public void onSubmit(Runnable counter) {
        submitted = counter == null ? () -> { } : counter;
    }

    /** Calls queued here and calls in flight per replica, as one consistent snapshot. */
    public Load load() {
        synchronized (lock) {
            Map<String, Integer> inFlight = new HashMap<>();
            for (Slot s : slots) {
                inFlight.put(s.target.replicaId(), s.inFlight);
            }
            return new Load(queue.size(), inFlight);
        }
    }

    /** Routes {@code call}: sends it, queues it, or fails it with back-pressure. */
    public void submit(PendingCall call) {
        submitted.run();
        call.attach(this);
        List<Runnable> sends = new ArrayList<>(1);
        boolean tell;
        synchronized (lock) {
            if (unavailable != null) {
                call.future().completeExceptionally(new DeploymentUnavailableException(unavailable));
                return;
            }
            if (queue.isEmpty() && tryDispatch(call, sends)) {
                // sent below
            } else if (maxQueued >= 0 && queue.size() >= maxQueued) {
                call.future().completeExceptionally(new BackPressureException("deployment " + deploymentId
                        + " is overloaded: " + slots.size() + " replica(s) each at max_ongoing_requests=" + maxOngoing
                        + " and " + queue.size() + " call(s) queued (max_queued_requests=" + maxQueued + ")"));
                return;
            } else {
                call.queued = true;
                if (call.queuedSince == PendingCall.NEVER_QUEUED) {
                    call.queuedSince = nanoClock.getAsLong();
                }
                queue.addLast(call);
            }
            tell = shouldTellWithoutReplicas();
        }
        sends.forEach(Runnable::run);
        if (tell) {
            queuedWithoutReplicas.run();
        }
    }

    /** True once per stretch without replicas in which calls wait (call under the lock). */
    private boolean shouldTellWithoutReplicas() {
        if (!slots.isEmpty()) {
            toldWithoutReplicas = false;
            return false;
        }
        if (queue.isEmpty() || unavailable != null || toldWithoutReplicas) {
            return false;
        }
        toldWithoutReplicas = true;
        return true;
    }

    /** The replica answered {@code call} (result or failure): frees its slot, dispatches waiting calls. */
    public void onReplyReceived(PendingCall call) {
        List<Runnable> sends = new ArrayList<>();
        synchronized (lock) {
            release(call);
            drainQueue(sends);
        }
        sends.forEach(Runnable::run);
    }

    /** The replica did not run {@code call}: route it again, ahead of newer calls. */
    public void retry(PendingCall call) {
        List<Runnable> sends = new ArrayList<>();
        boolean tell;
        synchronized (lock) {
            if (call.slot != null) {
                var rejected = new java.util.HashSet<>(call.rejectedBy);
                rejected.add(call.slot.target.replicaId());
                call.rejectedBy = rejected;
            }
            release(call);
            if (++call.attempts >= MAX_ATTEMPTS) {
                call.future().completeExceptionally(new ReplicaDiedException("call to " + deploymentId
                        + " was rejected by " + MAX_ATTEMPTS + " replicas in a row (they were stopping or crashed)"));
            } else if (unavailable != null) {
                call.future().completeExceptionally(new DeploymentUnavailableException(unavailable));
            } else if (!call.future().isDone()) {
                call.queued = true;
                if (call.queuedSince == PendingCall.NEVER_QUEUED) {
                    call.queuedSince = nanoClock.getAsLong();
                }
                queue.addFirst(call);
            }
            drainQueue(sends);
            tell = shouldTellWithoutReplicas();
        }
        sends.forEach(Runnable::run);
        if (tell) {
            queuedWithoutReplicas.run();
        }
    }

    /**
     * The caller cancelled {@code call} (its future is already completed): drop it if queued,
     * otherwise ask its replica to interrupt it. Its slot stays taken until the replica replies.
     */
    public void cancel(PendingCall call) {
        Slot slot;
        synchronized (lock) {
            if (call.queued) {
                queue.remove(call);
                call.queued = false;
                return;
            }
            slot = call.slot;
        }
        if (slot != null) {
            slot.target.cancel(call);
        }
    }

    /** Grants a streaming call's replica credit for {@code items} more items (no-op while it is queued). */
    public void credit(PendingCall call, int items) {
        Slot slot;
        synchronized (lock) {
            slot = call.slot;
        }
        if (slot != null) {
            slot.target.credit(call, items);
        }
    }

    /**
     * Replaces the replica set and limits (from the controller). Counts of replicas that stay are
     * kept; calls in flight on removed replicas finish (or fail) on their own.
     *
     * @param unavailableMessage non-null when the deployment cannot take calls at all
     */
    public void update(List<? extends ReplicaTarget> targets, int maxOngoingRequests, int maxQueuedRequests,
                       String unavailableMessage) {
        List<Runnable> sends = new ArrayList<>();
        List<PendingCall> failed = new ArrayList<>();
        boolean tell;
        synchronized (lock) {
            Map<String, Slot> old = new HashMap<>();
            for (Slot s : slots) {
                old.put(s.target.replicaId(), s);
            }
            List<Slot> next = new ArrayList<>(targets.size());
            for (ReplicaTarget t : targets) {
                Slot existing = old.get(t.replicaId());
                Slot slot = existing != null ? existing : new Slot(t);
                ModelAwareChoice.onReported(slot, t.multiplexedModelIds(), t.maxNumModelsPerReplica());
                next.add(slot);
            }
            slots = List.copyOf(next);
            maxOngoing = maxOngoingRequests;
            maxQueued = maxQueuedRequests;
            unavailable = unavailableMessage;
            if (unavailable != null) {
                failed.addAll(queue);
                queue.forEach(c -> c.queued = false);
                queue.clear();
            } else {
                drainQueue(sends);
            }
            tell = shouldTellWithoutReplicas();
        }
        failed.forEach(c -> c.future().completeExceptionally(new DeploymentUnavailableException(unavailableMessage)));
        sends.forEach(Runnable::run);
        if (tell) {
            queuedWithoutReplicas.run();
        }
    }

    /**
     * While this router knows no replica, fails the calls that have waited in its queue for
     * {@code maxWaitNanos} or longer with what {@code failure} makes of them; returns how many.
     * The node's agent calls it while a deployment's only replicas were on a node that was lost,
     * so that calls do not wait unboundedly for a controller that may itself be taking over.
     * Does nothing while any replica is known: calls then drain as usual.
     */
    public int failQueuedWithoutReplicas(long maxWaitNanos, java.util.function.Function<PendingCall, Throwable> failure) {
        List<PendingCall> expired = new ArrayList<>();
        synchronized (lock) {
            if (!slots.isEmpty()) {
                return 0;
            }
            long now = nanoClock.getAsLong();
            for (var it = queue.iterator(); it.hasNext(); ) {
                PendingCall call = it.next();
                if (call.future().isDone() || now - call.queuedSince >= maxWaitNanos) {
                    it.remove();
                    call.queued = false;
                    if (!call.future().isDone()) {
                        expired.add(call);
                    }
                }
            }
        }
        expired.forEach(c -> c.future().completeExceptionally(failure.apply(c)));
        return expired.size();
    }

    /** Whether this router knows no replica now. */
    public boolean hasNoReplicas() {
        synchronized (lock) {
            return slots.isEmpty();
        }
    }

    public int queuedCalls() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Calls this router has in flight on {@code replicaId}. */
    public int inFlight(String replicaId) {
        synchronized (lock) {
            for (Slot s : slots) {
                if (s.target.replicaId().equals(replicaId)) {
                    return s.inFlight;
                }
            }
            return 0;
        }
    }

    private void drainQueue(List<Runnable> sends) {
        while (!queue.isEmpty()) {
            PendingCall head = queue.peekFirst();
            if (head.future().isDone()) {
                queue.pollFirst();
                head.queued = false;
                continue;
            }
            if (!tryDispatch(head, sends)) {
                return;
            }
            queue.pollFirst();
            head.queued = false;
        }
    }

    private boolean tryDispatch(PendingCall call, List<Runnable> sends) {
        Slot slot = choose(call);
        if (slot == null) {
            return false;
        }
        slot.inFlight++;
        call.slot = slot;
        sends.add(() -> slot.target.send(call));
        return true;
    }

    private void release(PendingCall call) {
        Slot slot = call.slot;
        if (slot != null) {
            slot.inFlight--;
            call.slot = null;
        }
    }

    /**
     * Power of two choices among replicas with room that have not rejected {@code call}; null
     * when there is none (all full, none known yet, or only ones that rejected it).
     */
    private Slot choose(PendingCall call) {
        if (call.multiplexedModelId() != null) {
            return ModelAwareChoice.choose(slots, call.multiplexedModelId(), s -> hasRoomFor(s, call),
                    s -> !call.rejectedBy.contains(s.target.replicaId()), random);
        }
        int n = slots.size();
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            Slot only = slots.get(0);
            return hasRoomFor(only, call) ? only : null;
        }
        int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        Slot a = slots.get(i);
        Slot b = slots.get(j);
        boolean aHasRoom = hasRoomFor(a, call);
        boolean bHasRoom = hasRoomFor(b, call);
        if (aHasRoom && bHasRoom) {
            if (a.inFlight != b.inFlight) {
                return a.inFlight < b.inFlight ? a : b;
            }
            // Equal loads: a replica on this node saves the network hop (Ray's locality rule).
            return a.target.local() || !b.target.local() ? a : b;
        }
        if (aHasRoom) {
            return a;
        }
        if (bHasRoom) {
            return b;
        }
        Slot best = null;
        for (Slot s : slots) {
            if (hasRoomFor(s, call) && (best == null || s.inFlight < best.inFlight)) {
                best = s;
            }
        }
        return best;
    }

    private boolean hasRoomFor(Slot slot, PendingCall call) {
        return slot.inFlight < maxOngoing && !call.rejectedBy.contains(slot.target.replicaId());
    }
}
