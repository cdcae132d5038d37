package dev.trellis.serve.internal.replica;

import java.util.function.Supplier;

/**
 * Lets a caller that is a virtual thread with nothing else to do until its call ends (the HTTP
 * proxy's thread that bound a request's body, say) run that call itself, instead of starting a
 * virtual thread for it and waiting to be woken: one thread hand-off less per request.
 *
 * <p>{@link #offering} opens a slot on the current thread while the call is submitted. A replica
 * in this JVM that admits the call directly ({@link ReplicaAdmission#tryStartDirect}) puts the
 * call's body in the slot ({@link #take}) rather than on a new thread; once the submission has
 * returned, and so outside every lock the routing path holds, {@code offering} runs it here.
 * Everything else about the call is as on a thread of its own: its slot under
 * {@code max_ongoing_requests}, its scopes, cancellation (which interrupts this thread while the
 * call runs), its reply. A slot takes one call; calls submitted while the taken one runs (the
 * user code calling other deployments) start threads of their own, as does any call submitted
 * from a platform thread or without a slot.
 */
public final class InlineCalls {
    private static final ScopedValue<Slot> SLOT = ScopedValue.newInstance();

    private InlineCalls() {
    }

    /** Holds at most one call's body. */
    private static final class Slot {
        private Runnable call;
    }

    /**
     * Runs {@code submit} with a slot open on this thread (only on a virtual thread), then, if a
     * call was put in it, runs that call here before returning what {@code submit} returned.
     */
    public static <T> T offering(Supplier<T> submit) {
        if (!Thread.currentThread().isVirtual()) {
            return submit.get();
        }
        var slot = new Slot();
        try {
            return ScopedValue.where(SLOT, slot).call(submit::get);
        } finally {
            Runnable call = slot.call;
            if (call != null) { // admitted: it must run, whatever happened after it was taken
                call.run();
            }
        }
    }

    /** Puts {@code call} in this thread's open, empty slot; false (the caller starts a thread) when there is none. */
    static boolean take(Runnable call) {
        if (!SLOT.isBound()) {
            return false;
        }
        Slot slot = SLOT.get();
        if (slot.call != null) {
            return false;
        }
        slot.call = call;
        return true;
    }
}
