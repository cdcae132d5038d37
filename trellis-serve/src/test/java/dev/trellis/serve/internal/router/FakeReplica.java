package dev.trellis.serve.internal.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A replica for router tests. It records every call the router sends and every cancel it asks
 * for, and answers only when the test tells it to, the way {@code HandleAgent} would: a reply
 * frees the call's slot ({@link PowerOfTwoChoicesRouter#onReplyReceived}) and then completes the
 * caller's future; a rejection hands the call back to the router ({@link PowerOfTwoChoicesRouter#retry}).
 *
 * <p>Knobs: {@link #rejectEverything()} makes it behave like a stopping replica that refuses every
 * call as soon as it arrives; {@link #holding} and {@link #caching} set the multiplexed models it
 * reports and how many it keeps. Not thread-safe; router tests are single-threaded.
 */
final class FakeReplica implements ReplicaTarget {
    private final String id;
    private final List<PendingCall> received = new ArrayList<>();
    private final List<PendingCall> running = new ArrayList<>();
    private final List<PendingCall> cancelRequests = new ArrayList<>();
    private boolean rejectsEverything;
    private java.util.Set<String> modelIds = java.util.Set.of();
    private int maxModels;
    private int peakRunning;
    private boolean remote;

    FakeReplica(String id) {
        this.id = id;
    }

    static List<FakeReplica> named(String... ids) {
        return Arrays.stream(ids).map(FakeReplica::new).toList();
    }

    /**
     * The multiplexed model ids the controller says this replica holds, from the next
     * {@code router.update} on (as an {@code ActorReplicaTarget} carries the controller's word).
     */
    FakeReplica holding(String... modelIds) {
        this.modelIds = java.util.Set.of(modelIds);
        return this;
    }

    /** A replica on another node than the router's. */
    FakeReplica remote() {
        this.remote = true;
        return this;
    }

    @Override
    public boolean local() {
        return !remote;
    }

    @Override
    public java.util.Set<String> multiplexedModelIds() {
        return modelIds;
    }

    /** The replica's {@code max_num_models_per_replica}, from the next {@code router.update} on. */
    FakeReplica caching(int maxModels) {
        this.maxModels = maxModels;
        return this;
    }

    @Override
    public int maxNumModelsPerReplica() {
        return maxModels;
    }

    /** From now on, every call sent here is rejected at once (as by a draining replica). */
    FakeReplica rejectEverything() {
        rejectsEverything = true;
        return this;
    }

    @Override
    public String replicaId() {
        return id;
    }

    @Override
    public void send(PendingCall call) {
        received.add(call);
        if (rejectsEverything) {
            call.router().retry(call);
            return;
        }
        running.add(call);
        peakRunning = Math.max(peakRunning, running.size());
    }

    private final java.util.Map<PendingCall, Integer> credits = new java.util.HashMap<>();

    @Override
    public void cancel(PendingCall call) {
        cancelRequests.add(call);
    }

    @Override
    public void credit(PendingCall call, int items) {
        credits.merge(call, items, Integer::sum);
    }

    /** Stream credit granted per call. */
    public java.util.Map<PendingCall, Integer> credits() {
        return credits;
    }

    /** Answers {@code call} with {@code value}: the router frees the slot, then the caller sees the value. */
    void reply(PendingCall call, Object value) {
        takeRunning(call);
        call.router().onReplyReceived(call);
        call.future().complete(value);
    }

    /** Answers the call that has been running here longest. */
    PendingCall replyToOldest() {
        if (running.isEmpty()) {
            throw new IllegalStateException("replica " + id + " has no call to answer");
        }
        PendingCall oldest = running.getFirst();
        reply(oldest, "reply from " + id);
        return oldest;
    }

    /** Answers every call running here, oldest first (including calls the router sends meanwhile). */
    void replyToAll() {
        while (!running.isEmpty()) {
            replyToOldest();
        }
    }

    /** Refuses {@code call} without running it: the router routes it again. */
    void reject(PendingCall call) {
        takeRunning(call);
        call.router().retry(call);
    }

    /** Every call sent here, in order, including rejected ones. */
    List<PendingCall> received() {
        return List.copyOf(received);
    }

    /** Calls sent here and not yet answered. */
    List<PendingCall> running() {
        return List.copyOf(running);
    }

    /** The most calls that were ever running here at once. */
    int peakRunning() {
        return peakRunning;
    }

    List<PendingCall> cancelRequests() {
        return List.copyOf(cancelRequests);
    }

    private void takeRunning(PendingCall call) {
        if (!running.remove(call)) {
            throw new IllegalStateException("call " + call.requestId() + " is not running on replica " + id);
        }
    }

    @Override
    public String toString() {
        return "FakeReplica(" + id + ")";
    }
}
