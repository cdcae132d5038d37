package dev.trellis.core.internal.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/** One call of an actor method: queued, running, then completed exactly once (value or error). */
final class ActorCall {
    final Invocable method;
    final String name;
    final Object[] args;
    final OwnedObjects.Owned result;
    int retriesLeft;
    volatile Thread thread;
    /** Which incarnation of the actor runs it; a late finish of an older one is ignored. */
    int incarnation;
    private final AtomicBoolean done = new AtomicBoolean();

    ActorCall(Invocable method, String name, Object[] args, OwnedObjects.Owned result, int retriesLeft) {
        this.method = method;
        this.name = name;
        this.args = args;
        this.result = result;
        this.retriesLeft = retriesLeft;
    }

    /** True the first time only: whoever gets true completes the call. */
    boolean finish() {
        return done.compareAndSet(false, true);
    }
}
