package dev.trellis.serve.internal.batch;

import dev.trellis.serve.UserCodeException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The item of one caller of a streaming {@code @Batch} method: a bounded buffer between the
 * batch's thread, which puts this caller's entry of every step, and the caller, which reads its
 * own results as a {@link Stream} (sent on by the replica's result streaming, with its credit-based
 * flow control). When the buffer is full the batch waits, so the batch runs no faster than its
 * slowest reader still there, and memory stays bounded. A reader that leaves (closes the stream,
 * or is interrupted while waiting) no longer holds the batch back.
 *
 * <p>Ends: {@link #end()} (the method produced {@code null} for this caller, or finished), or
 * {@link #fail}: the reader gets the items buffered before it, then the failure. Thread-safe: one
 * producer, one reader.
 */
public final class StreamItem<I, O> extends PendingItem<I> {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<O> buffer = new ArrayDeque<>();
    private boolean ended;
    private Throwable failure;
    private boolean abandoned;

    /** @param capacity how many results may wait for the reader before the batch waits */
    public StreamItem(I input, int capacity) {
        super(input);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** This caller's results; closing the stream before its end makes the caller leave. */
    public Stream<O> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::leave);
    }

    /** This caller's results, read on one thread; {@code hasNext} waits for the next one. */
    public Iterator<O> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return awaitNext();
            }

            @Override
            public O next() {
                if (!awaitNext()) {
                    throw new NoSuchElementException();
                }
                lock.lock();
                try {
                    O item = buffer.pollFirst();
                    changed.signalAll();
                    return item;
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /** The caller leaves: out of the queue if still there; what the batch produces for it is dropped. */
    public void leave() {
        withdraw();
        lock.lock();
        try {
            abandoned = true;
            buffer.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean awaitNext() {
        lock.lock();
        try {
            while (buffer.isEmpty() && !ended && failure == null && !abandoned) {
                changed.await();
            }
            if (!buffer.isEmpty()) {
                return true;
            }
            if (failure != null && !abandoned) {
                throw rethrowable(failure);
            }
            return false;
        } catch (InterruptedException e) {
            // falls through to leaving, below, once the lock is released
        } finally {
            lock.unlock();
        }
        leave();
        Thread.currentThread().interrupt();
        throw new CancellationException("cancelled while waiting for the next result of its batch");
    }

    /**
     * Hands this caller its next result, waiting while its buffer is full. Dropped if the caller
     * has left or the item has ended.
     */
    void put(O item) throws InterruptedException {
        lock.lock();
        try {
            while (buffer.size() >= capacity && !abandoned) {
                changed.await();
            }
            if (!abandoned && !ended && failure == null) {
                buffer.addLast(item);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends this caller's stream after what is buffered. */
    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the batch should still produce for this caller. */
    boolean open() {
        lock.lock();
        try {
            return !ended && failure == null && !abandoned;
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean abandoned() {
        lock.lock();
        try {
            return abandoned;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void fail(Throwable cause) {
        lock.lock();
        try {
            if (!ended && failure == null) {
                failure = cause;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Unchecked failures as they are; a checked one as the {@link UserCodeException} a replica would report. */
    private static RuntimeException rethrowable(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return UserCodeException.of(t);
    }
}
