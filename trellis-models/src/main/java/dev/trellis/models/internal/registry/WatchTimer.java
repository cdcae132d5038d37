package dev.trellis.models.internal.registry;

import dev.trellis.core.internal.VirtualThreads;
import dev.trellis.models.registry.WatchScheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link WatchScheduler}: one platform daemon thread for the JVM, started on first
 * use, that only wakes up and hands each check to a new virtual thread (a check reads files and
 * may load a model, which must not hold up the other watches). Being a daemon it never keeps a
 * JVM alive; cancelled watches are removed from its queue at once.
 */
public final class WatchTimer implements WatchScheduler {
    private static final class Holder {
        static final WatchTimer INSTANCE = new WatchTimer();
    }

    private final ScheduledThreadPoolExecutor executor;

    private WatchTimer() {
        executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("trellis-model-watch")
                .daemon(true).factory());
        executor.setRemoveOnCancelPolicy(true);
    }

    public static WatchTimer shared() {
        return Holder.INSTANCE;
    }

    @Override
    public Cancellable every(Duration interval, Runnable task) {
        long nanos = interval.toNanos();
        ScheduledFuture<?> future = executor.scheduleWithFixedDelay(
                () -> VirtualThreads.start("trellis-model-watch-check", task), nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
