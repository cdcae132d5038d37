package dev.trellis.models.registry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link WatchScheduler} for tests: nothing runs until {@link #tick()}, which runs every live task once on the caller's thread. */
final class ManualWatchScheduler implements WatchScheduler {
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    private record Entry(Duration interval, Runnable task) {
    }

    @Override
    public Cancellable every(Duration interval, Runnable task) {
        var entry = new Entry(interval, task);
        entries.add(entry);
        return () -> entries.remove(entry);
    }

    /** Runs every scheduled task once, as if its interval had passed. */
    void tick() {
        entries.forEach(e -> e.task().run());
    }

    /** The intervals of the tasks scheduled and not cancelled. */
    List<Duration> intervals() {
        return entries.stream().map(Entry::interval).toList();
    }
}
