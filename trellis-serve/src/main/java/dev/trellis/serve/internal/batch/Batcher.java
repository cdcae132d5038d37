package dev.trellis.serve.internal.batch;

import dev.trellis.serve.internal.observe.BatchObserver;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Forms batches of the items of one {@code @Batch} method of one instance and runs them. Pure
 * logic: time comes from the injected {@link InstantSource}, wake-ups from the injected
 * {@link BatchScheduler}, and batches run on the injected {@link Executor} (a virtual thread per
 * batch in production), so tests drive it with a manual clock and scheduler.
 *
 * <p>The rule, checked whenever something changes (an item arrives or leaves, a batch ends, a
 * timer fires, the options change): while fewer than {@code max_concurrent_batches} batches run
 * and items are queued, send the oldest {@code max_batch_size} items as a batch if there are that
 * many, or if {@code batch_wait_timeout} has passed since the oldest one arrived; otherwise set a
 * timer for that moment. So the timeout is a deadline counted from a batch's first item (an item
 * that already waited for a free batch slot goes out as soon as one frees), and a full batch
 * never waits. The options are read afresh each time, so a change applies to the next batch.
 *
 * <p>Items are answered by the {@link BatchRunner}; a runner that throws fails every item of its
 * batch not yet answered. Items whose callers left before their batch started are left out of it
 * (and a batch left empty is not run). Thread-safe: every decision is made under one lock, and
 * batches are started and timers scheduled without running user code under it.
 */
public final class Batcher<P extends PendingItem<?>> {

    /** Runs one batch and gives each of its items its outcome. */
    @FunctionalInterface
    public interface BatchRunner<P> {
        void run(List<P> batch) throws Throwable;
    }

    private final String name;
    private final LiveBatchSettings settings;
    private final BatchRunner<P> runner;
    private final InstantSource clock;
    private final BatchScheduler scheduler;
    private final Executor executor;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<P> queue = new ArrayDeque<>();
    private int running;
    private BatchScheduler.Timer timer;
    private Instant timerDeadline;
    private long timerGeneration;
    private Throwable closed;

    /** @param name the method, for messages and thread names, such as {@code Model.predict} */
    public Batcher(String name, LiveBatchSettings settings, BatchRunner<P> runner, InstantSource clock,
                   BatchScheduler scheduler, Executor executor) {
        this.name = name;
        this.settings = settings;
        this.runner = runner;
        this.clock = clock;
        this.scheduler = scheduler;
        this.executor = executor;
        settings.attach(this);
    }

    /** Queues {@code item}; it is answered when its batch has run (or fails at once if the batcher is closed). */
    public void submit(P item) {
        List<List<P>> due;
        Throwable refused;
        lock.lock();
        try {
            refused = closed;
            if (refused == null) {
                item.queued(this, clock.instant());
                queue.addLast(item);
            }
            due = takeDueBatches();
        } finally {
            lock.unlock();
        }
        if (refused != null) {
            item.fail(refused);
        }
        start(due);
    }

    /** Items waiting for a batch. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Batches running now. */
    public int runningBatches() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new items and fails the queued ones with {@code reason}; running batches finish.
     * Used when the instance closes, by which time no caller should be waiting.
     */
    public void close(Throwable reason) {
        List<P> dropped;
        lock.lock();
        try {
            closed = reason;
            dropped = new ArrayList<>(queue);
            queue.clear();
            disarm();
        } finally {
            lock.unlock();
        }
        dropped.forEach(item -> item.fail(reason));
    }

    /** Takes {@code item} out of the queue if it is still there. */
    boolean withdraw(PendingItem<?> item) {
        lock.lock();
        try {
            boolean removed = queue.remove(item);
            if (queue.isEmpty()) {
                disarm();
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** The options changed: a shorter timeout or a smaller size may make a batch due now. */
    void settingsChanged() {
        List<List<P>> due;
        lock.lock();
        try {
            due = takeDueBatches();
        } finally {
            lock.unlock();
        }
        start(due);
    }

    /** The batches to start now, each counted as running (see the class comment); arms the timer if one is needed. */
    private List<List<P>> takeDueBatches() {
        BatchSettings s = settings.current();
        Instant now = clock.instant();
        List<List<P>> due = List.of();
        while (running < s.maxConcurrentBatches() && !queue.isEmpty()) {
            Instant deadline = queue.peekFirst().arrival().plus(s.batchWaitTimeout());
            if (queue.size() < s.maxBatchSize() && now.isBefore(deadline)) {
                arm(deadline, now);
                return due;
            }
            List<P> batch = new ArrayList<>(Math.min(queue.size(), s.maxBatchSize()));
            while (batch.size() < s.maxBatchSize() && !queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
            running++;
            if (due.isEmpty()) {
                due = new ArrayList<>();
            }
            due.add(batch);
        }
        if (queue.isEmpty()) {
            disarm();
        }
        return due;
    }

    /** Makes sure a timer fires no later than {@code deadline}; an earlier one that fires just re-checks. */
    private void arm(Instant deadline, Instant now) {
        if (timer != null && !timerDeadline.isAfter(deadline)) {
            return;
        }
        disarm();
        long generation = timerGeneration;
        timerDeadline = deadline;
        timer = scheduler.schedule(Duration.between(now, deadline), () -> onTimer(generation));
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel();
            timer = null;
            timerDeadline = null;
        }
        timerGeneration++;
    }

    private void onTimer(long generation) {
        List<List<P>> due;
        lock.lock();
        try {
            if (generation == timerGeneration) {
                timer = null;
                timerDeadline = null;
            }
            due = takeDueBatches();
        } finally {
            lock.unlock();
        }
        start(due);
    }

    private void start(List<List<P>> due) {
        for (List<P> batch : due) {
            try {
                executor.execute(() -> run(batch));
            } catch (RejectedExecutionException e) {
                var failure = new IllegalStateException("cannot start a batch of " + name + ": " + e.getMessage(), e);
                batch.forEach(item -> item.fail(failure));
                finished();
            }
        }
    }

    private void run(List<P> batch) {
        try {
            List<P> present = new ArrayList<>(batch.size());
            for (P item : batch) {
                if (!item.abandoned()) {
                    present.add(item);
                }
            }
            if (!present.isEmpty()) {
                BatchObserver.run(name, present, PendingItem::scope, () -> runner.run(present));
            }
        } catch (Throwable t) {
            batch.forEach(item -> item.fail(t));
        } finally {
            finished();
        }
    }

    private void finished() {
        List<List<P>> due;
        lock.lock();
        try {
            running--;
            due = takeDueBatches();
        } finally {
            lock.unlock();
        }
        start(due);
    }

    @Override
    public String toString() {
        return "Batcher(" + name + ", " + settings.current() + ")";
    }
}
