package dev.trellis.serve.internal.batch;

import dev.trellis.core.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link BatchScheduler} on a {@link ManualClock}: timers fire only when the test moves time
 * with {@link #advance}, in order of their due time, on the test's thread. Knob:
 * {@link #activeTimers()} tells how many timers are set and not cancelled.
 */
final class ManualScheduler implements BatchScheduler {
    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();

    private static final class Task implements Timer {
        final Instant due;
        final Runnable action;
        boolean cancelled;

        Task(Instant due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        var t = new Task(clock.instant().plus(delay), task);
        tasks.add(t);
        return t;
    }

    /** Moves the clock by {@code by} and runs every timer due by then, earliest first. */
    void advance(Duration by) {
        clock.advance(by);
        while (true) {
            Task next;
            synchronized (this) {
                tasks.removeIf(t -> t.cancelled);
                next = tasks.stream().filter(t -> !t.due.isAfter(clock.instant()))
                        .min(Comparator.comparing(t -> t.due)).orElse(null);
                if (next == null) {
                    return;
                }
                tasks.remove(next);
            }
            next.action.run();
        }
    }

    synchronized long activeTimers() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }
}
