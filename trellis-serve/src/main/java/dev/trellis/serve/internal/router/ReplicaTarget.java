package dev.trellis.serve.internal.router;

/** Where a router can send calls: one replica. Implemented over actors, and by fakes in tests. */
public interface ReplicaTarget {
    String replicaId();

    /** Sends the call; the replica answers exactly once (result, failure or rejection). */
    void send(PendingCall call);

    /** Asks the replica to cancel a call it is running. */
    void cancel(PendingCall call);

    /** Lets a streaming call running on the replica send {@code items} more items. */
    void credit(PendingCall call, int items);

    /** The multiplexed model ids the replica holds, as of the controller's latest word. */
    default java.util.Set<String> multiplexedModelIds() {
        return java.util.Set.of();
    }

    /** Whether the replica runs on this router's node (routers prefer those when loads are equal). */
    default boolean local() {
        return true;
    }

    /** The replica's {@code max_num_models_per_replica}; 0 when it has no multiplexed loader. */
    default int maxNumModelsPerReplica() {
        return 0;
    }
}
