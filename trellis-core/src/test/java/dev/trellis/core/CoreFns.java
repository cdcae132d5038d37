package dev.trellis.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Task bodies and actors for the Core tests. */
final class CoreFns {
    private CoreFns() {
    }

    static int square(int x) {
        return x * x;
    }

    static int add(int a, int b) {
        return a + b;
    }

    static int sum6(int a, int b, int c, int d, int e, int f) {
        return a + b + c + d + e + f;
    }

    static String hello() {
        return "hello";
    }

    static int divide(int a, int b) {
        return a / b;
    }

    static long length(byte[] bytes) {
        return bytes.length;
    }

    static String threadName() {
        return Thread.currentThread().getName();
    }

    /** Submits square(x) from inside a task and waits for it: needs the outer task's CPU lent back. */
    static int squareViaNestedTask(int x) {
        return Trellis.task(CoreFns::square, x).remote().get();
    }

    static int sleepThenReturn(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }

    static final class Counter {
        /** Released each time {@link #slowIncrement} starts, so a test knows a call is running. */
        static final java.util.concurrent.Semaphore SLOW_STARTED = new java.util.concurrent.Semaphore(0);

        private int value;
        private final List<Integer> seen = new ArrayList<>();

        Counter(int start) {
            this.value = start;
        }

        int increment(int by) {
            value += by;
            seen.add(by);
            return value;
        }

        int value() {
            return value;
        }

        List<Integer> seen() {
            return List.copyOf(seen);
        }

        int fail(String message) {
            throw new IllegalStateException(message);
        }

        int slowIncrement(int millis) throws InterruptedException {
            SLOW_STARTED.release();
            Thread.sleep(millis);
            return ++value;
        }
    }

    static final class Exploding {
        Exploding(String why) {
            throw new IllegalArgumentException(why);
        }

        int ping() {
            return 1;
        }
    }

    /** Holds calls until released, to observe concurrency. */
    static final class Gate {
        private final CountDownLatch open = new CountDownLatch(1);
        private int inside;
        private int maxInside;

        Gate() {
        }

        int enter() throws InterruptedException {
            synchronized (this) {
                inside++;
                maxInside = Math.max(maxInside, inside);
            }
            open.await(10, TimeUnit.SECONDS);
            synchronized (this) {
                inside--;
            }
            return 1;
        }

        synchronized int inside() {
            return inside;
        }

        int open() {
            open.countDown();
            return 0;
        }

        synchronized int maxInside() {
            return maxInside;
        }
    }
}
