package dev.trellis.serve.internal.batch;

import dev.trellis.serve.internal.observe.CallScope;
import java.time.Instant;

/**
 * One caller's input on its way through a {@link Batcher}: queued, then part of a batch, and
 * finally answered (a result, a stream of results, or a failure). A caller that leaves (it was
 * cancelled) while its item is still queued takes the item out of the queue, so the batch it
 * would have joined is formed without it; once its batch has started, whatever the batch produces
 * for it is dropped. Either way no later batch ever sees it.
 *
 * @param <I> the input type
 */
public abstract sealed class PendingItem<I> permits UnaryItem, StreamItem {
    private final I input;
    /** Set by the batcher, under its lock, when the item is queued. */
    private Instant arrival;
    private volatile Batcher<?> batcher;
    /** The request the caller works for (its id and span go with the batch), or null outside any. */
    private final CallScope scope = CallScope.current();

    PendingItem(I input) {
        this.input = input;
    }

    CallScope scope() {
        return scope;
    }

    public I input() {
        return input;
    }

    Instant arrival() {
        return arrival;
    }

    void queued(Batcher<?> owner, Instant at) {
        this.batcher = owner;
        this.arrival = at;
    }

    /** Takes the item out of its batcher's queue if it is still there; true if it was. */
    final boolean withdraw() {
        Batcher<?> b = batcher;
        return b != null && b.withdraw(this);
    }

    /** Whether the caller has gone, so a batch about to start may leave the item out. */
    abstract boolean abandoned();

    /** Ends the item with {@code failure} (no effect if it has already ended). */
    abstract void fail(Throwable failure);
}
