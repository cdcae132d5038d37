package dev.trellis.serve.internal.batch;

import java.time.Duration;

/**
 * Runs a task once after a delay: how a {@link Batcher} wakes up when a batch's wait timeout
 * expires. Production uses {@link BatchTimers#shared()}; tests use a scheduler driven by a
 * manual clock, so timeouts are tested without sleeping.
 */
public interface BatchScheduler {

    /** Runs {@code task} once, {@code delay} from now (at once for a zero delay), unless cancelled first. */
    Timer schedule(Duration delay, Runnable task);

    /** A scheduled task. */
    interface Timer {
        /** Best effort: the task may still run if it has just started; it must tolerate that. */
        void cancel();
    }
}
