package dev.trellis.examples.graph;

import java.time.Duration;

/** Blocks the calling (virtual) thread for a while: the seed's stand-in for real computation. */
final class Work {
    private Work() {
    }

    static void simulate(Duration time) {
        try {
            Thread.sleep(time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working", e);
        }
    }
}
