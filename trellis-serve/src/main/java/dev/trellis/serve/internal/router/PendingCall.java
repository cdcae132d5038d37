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
    /** Replicas that rejected this call (draining or crashed): it is not sent to them again. */
    java.util.Set<String> rejectedBy = java.util.Set.of();

    public PendingCall(long requestId, MethodKey method, Object[] args) {
        this.requestId = requestId;
        this.method = method;
        this.args = args;
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
