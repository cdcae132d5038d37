package dev.trellis.serve.internal.batch;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * An {@link Executor} that runs nothing until told: a started batch waits here until the test
 * calls {@link #runNext()} or {@link #runAll()}, on the test's thread.
 */
final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.addLast(task);
    }

    /** Batches started and not yet run. */
    synchronized int pending() {
        return tasks.size();
    }

    void runNext() {
        Runnable task;
        synchronized (this) {
            task = tasks.pollFirst();
        }
        if (task == null) {
            throw new IllegalStateException("no batch was started");
        }
        task.run();
    }

    void runAll() {
        while (pending() > 0) {
            runNext();
        }
    }
}
