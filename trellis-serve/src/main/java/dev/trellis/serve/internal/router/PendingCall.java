package dev.trellis.serve.internal.router;

import dev.trellis.serve.internal.invoke.MethodKey;
import java.util.concurrent.CompletableFuture;

/**
 * One handle call from submission to reply. The future is what the caller sees; the fields
 * below it belong to the router (guarded by its lock) and record where the call is.
 */
public final class PendingCall {
    private final long requestId;
    private final MethodKey method;
    private final Object[] args;
    private final CompletableFuture<Object> future = new CompletableFuture<>();

    // Router-owned; read and written only under the owning router's lock.
    PowerOfTwoChoicesRouter router;
    PowerOfTwoChoicesRouter.Slot slot;
    boolean queued;
    int attempts;
    /** When the call first waited in the queue (the router's nano clock); {@link #NEVER_QUEUED} while it has not. */
    long queuedSince = NEVER_QUEUED;
    static final long NEVER_QUEUED = Long.MIN_VALUE;
    /** Replicas that rejected this call (draining or crashed): it is not sent to them again. */
    java.util.Set<String> rejectedBy = java.util.Set.of();

    private final StreamSink sink;
    private final int streamCredit;
    private final String multiplexedModelId;
    private final dev.trellis.serve.internal.observe.RequestContext context;

    /** A unary call: one result. */
    public PendingCall(long requestId, MethodKey method, Object[] args) {
        this(requestId, method, args, null, 0);
    }

    /** A streaming call: items go to {@code sink}; the replica may send {@code initialCredit} before more is granted. */
    public PendingCall(long requestId, MethodKey method, Object[] args, StreamSink sink, int initialCredit) {
        this(requestId, method, args, sink, initialCredit, null);
    }

    /**
     * A call for the multiplexed model {@code multiplexedModelId} (null: none), unary when
     * {@code sink} is null; the router prefers replicas that hold the model.
     */
    public PendingCall(long requestId, MethodKey method, Object[] args, StreamSink sink, int initialCredit,
                       String multiplexedModelId) {
        this(requestId, method, args, sink, initialCredit, multiplexedModelId, null);
    }

    /** As above, for a call belonging to the request {@code context} (null: none). */
    public PendingCall(long requestId, MethodKey method, Object[] args, StreamSink sink, int initialCredit,
                       String multiplexedModelId, dev.trellis.serve.internal.observe.RequestContext context) {
        if (sink != null && initialCredit < 1) {
            throw new IllegalArgumentException("a streaming call needs initial credit >= 1, was " + initialCredit);
        }
        this.requestId = requestId;
        this.method = method;
        this.args = args;
        this.sink = sink;
        this.streamCredit = sink == null ? 0 : initialCredit;
        this.multiplexedModelId = multiplexedModelId;
        this.context = context;
    }

    /** The request the call belongs to (request id, trace context), or null. */
    public dev.trellis.serve.internal.observe.RequestContext context() {
        return context;
    }

    /** The model the call is for (routing prefers replicas holding it), or null. */
    public String multiplexedModelId() {
        return multiplexedModelId;
    }

    /** Where a streaming call's items go; null for unary calls. */
    public StreamSink sink() {
        return sink;
    }

    /** Items the replica may send before more credit arrives; 0 for unary calls. */
    public int streamCredit() {
        return streamCredit;
    }

    public long requestId() {
        return requestId;
    }

    public MethodKey method() {
        return method;
    }

    public Object[] args() {
        return args;
    }

    public CompletableFuture<Object> future() {
        return future;
    }

    /** The router this call was submitted to, or null before submission. */
    public synchronized PowerOfTwoChoicesRouter router() {
        return router;
    }

    synchronized void attach(PowerOfTwoChoicesRouter r) {
        router = r;
    }
}
