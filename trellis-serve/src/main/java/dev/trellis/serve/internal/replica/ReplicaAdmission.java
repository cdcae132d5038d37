package dev.trellis.serve.internal.replica;

import dev.trellis.serve.internal.messages.HandleRequest;
import java.util.function.Consumer;

/**
 * Who may start a call on one replica, and when: the count of its calls running now, at most
 * {@code max_ongoing_requests}, shared by the replica's actor and by callers in the same JVM.
 *
 * <p>A call from this JVM (a router's send, on the caller's thread) {@linkplain #tryStartDirect
 * starts at once}, without a trip through the actor's mailbox, when the replica takes calls
 * (constructed, not draining, not crashed, not stopped), no call waits in its queue (so none is
 * overtaken) and it has room; otherwise it is sent to the actor as before, which queues,
 * rejects or starts it. Both paths take their slot here, under one lock, so the limit holds for
 * their sum; the thread that ran a call gives its slot back ({@link #finish}) and learns whether
 * the actor must hear of it (calls are waiting, or the replica drains or crashed), so a call
 * that ends on an idle, serving replica costs the actor nothing.
 *
 * <p>Thread-safe. Every change happens under this object's monitor (held for a few field
 * reads and writes; virtual threads do not pin on it), which is what makes "queue or start"
 * and "finish, then tell the actor if anything waits" atomic with respect to each other: a
 * queued call is never left waiting while a slot is free.
 */
public final class ReplicaAdmission {
    private final Consumer<HandleRequest> starter;
    private int maxOngoing;
    private int ongoing;
    /** Calls in the actor's queue. */
    private int waiting;
    /** Direct starts are allowed: the instance is constructed and the replica neither drains, crashed nor stopped. */
    private boolean open;

    /** {@code starter} runs a call whose slot was taken, on a virtual thread of its own; it must not block. */
    ReplicaAdmission(int maxOngoing, Consumer<HandleRequest> starter) {
        this.maxOngoing = maxOngoing;
        this.starter = starter;
    }

    /**
     * Starts {@code request} here and now (on a new virtual thread; the calling thread only
     * takes the slot) if the replica takes direct calls and has room with none waiting; false
     * when the caller must send it to the actor instead.
     */
    public boolean tryStartDirect(HandleRequest request) {
        synchronized (this) {
            if (!open || waiting > 0 || ongoing >= maxOngoing) {
                return false;
            }
            ongoing++;
        }
        starter.accept(request);
        return true;
    }

    /** Actor: takes a slot for a new call if one is free and none waits; else counts the call as waiting. */
    synchronized boolean admitOrQueue() {
        if (waiting == 0 && ongoing < maxOngoing) {
            ongoing++;
            return true;
        }
        waiting++;
        return false;
    }

    /** Actor: counts one more waiting call (the instance is not constructed yet). */
    synchronized void queued() {
        waiting++;
    }

    /** Actor: takes a slot for the oldest waiting call, if one is free. */
    synchronized boolean admitWaiting() {
        if (waiting > 0 && ongoing < maxOngoing) {
            ongoing++;
            waiting--;
            return true;
        }
        return false;
    }

    /** Actor: {@code count} waiting calls left the queue without starting (cancelled, rejected). */
    synchronized void dequeued(int count) {
        waiting -= count;
    }

    /**
     * A call ended (after its reply): frees its slot. True when the actor must hear of it:
     * calls wait for the slot, or the replica is closed (draining, crashed or stopped), where the
     * actor checks whether it is idle now.
     */
    synchronized boolean finish() {
        ongoing--;
        return waiting > 0 || !open;
    }

    /** Actor: the instance is constructed; direct starts may begin. */
    synchronized void open() {
        open = true;
    }

    /** No direct start from now on (draining, crashed, stopped); calls already started run on. Any thread. */
    synchronized void close() {
        open = false;
    }

    /** Actor: {@code max_ongoing_requests} changed (in-place update). */
    synchronized void maxOngoing(int value) {
        maxOngoing = value;
    }

    /** Calls running now, started by either path. */
    synchronized int ongoing() {
        return ongoing;
    }
}
