package dev.trellis.serve.internal.batch;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link BatchScheduler}: one platform daemon thread for the whole JVM, started on
 * first use. A timer task only decides whether a batch is due and hands the batch to a virtual
 * thread, which takes microseconds, so one thread serves every replica and runtime; it runs no
 * user code. Pekko's scheduler was not used because it ticks every 10 ms by default, as long as
 * Ray's default wait, and a {@code ScheduledThreadPoolExecutor} wakes within well under a
 * millisecond. Cancelled timers are removed at once, so a busy batcher that re-arms often leaves
 * no garbage queued. Being a daemon, the thread never keeps a JVM alive.
 */
public final class BatchTimers implements BatchScheduler {
    private static final class Holder {
        static final BatchTimers INSTANCE = new BatchTimers();
    }

    private final ScheduledThreadPoolExecutor executor;

    private BatchTimers() {
        executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("trellis-batch-timer")
                .daemon(true).factory());
        executor.setRemoveOnCancelPolicy(true);
    }

    /** The JVM's batch timer thread. */
    public static BatchTimers shared() {
        return Holder.INSTANCE;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
