package dev.trellis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** Closed-loop load from virtual-thread callers: each calls again as soon as its call returns. */
final class ClosedLoop {
    /** One call; its argument counts the caller's calls so far. */
    @FunctionalInterface
    interface Call {
        void call(int n) throws Exception;
    }

    private ClosedLoop() {
    }

    /** Calls per second over {@code phase} with {@code callers} callers started together. */
    static double callsPerSecond(Call call, Duration phase, int callers) throws Exception {
        var stop = new AtomicBoolean();
        var start = new CountDownLatch(1);
        List<Future<Long>> counts = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                counts.add(pool.submit(() -> {
                    start.await();
                    long n = 0;
                    while (!stop.get()) {
                        call.call((int) n);
                        n++;
                    }
                    return n;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            Thread.sleep(phase);
            stop.set(true);
            long total = 0;
            for (Future<Long> f : counts) {
                total += f.get();
            }
            return total / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
