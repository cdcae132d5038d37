package dev.trellis.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A clock that only moves when told to. Controller, health-check and (later) batching and
 * autoscaling logic read time from an injected {@link InstantSource}; tests pass one of these
 * and call {@link #advance(Duration)} instead of sleeping. Thread-safe.
 */
public final class ManualClock implements InstantSource {
    private volatile Instant now;

    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public Instant instant() {
        return now;
    }

    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward, was asked to move by " + by);
        }
        now = now.plus(by);
    }
}
