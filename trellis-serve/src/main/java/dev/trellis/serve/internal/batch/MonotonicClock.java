package dev.trellis.serve.internal.batch;

import java.time.Instant;
import java.time.InstantSource;

/**
 * An {@link InstantSource} that never goes back, read from {@link System#nanoTime()}: batch wait
 * timeouts are measured with it, so a wall-clock jump (NTP, a suspended VM) can neither hold a
 * batch back nor send it early. Its instants are points on an arbitrary time line, not dates.
 */
public final class MonotonicClock implements InstantSource {
    public static final MonotonicClock INSTANCE = new MonotonicClock();

    private MonotonicClock() {
    }

    @Override
    public Instant instant() {
        return Instant.EPOCH.plusNanos(System.nanoTime());
    }
}
