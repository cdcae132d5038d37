package dev.trellis.serve.internal.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The meters of one short-lived thing (a replica, a deployment) that must leave the registry
 * when it goes, so that replica churn under autoscaling does not grow the registry forever.
 * Thread-safe; {@link #close()} is idempotent, and a meter added after it is removed at once.
 */
public final class MeterGroup implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private boolean closed;

    public MeterGroup(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Keeps {@code meter} to remove it on {@link #close()}; returns it. */
    public synchronized <M extends Meter> M add(M meter) {
        if (closed) {
            registry.remove(meter);
        } else {
            meters.add(meter);
        }
        return meter;
    }

    /** Removes every meter of the group from the registry. */
    @Override
    public synchronized void close() {
        closed = true;
        meters.forEach(registry::remove);
        meters.clear();
    }
}
