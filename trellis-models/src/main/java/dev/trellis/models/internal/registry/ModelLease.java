package dev.trellis.models.internal.registry;

import dev.trellis.models.Model;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model with a reference count, so that it is closed exactly once and only after the
 * last call using it has finished. The holder that installs it owns one reference; every call
 * takes one with {@link #retain()} and gives it back with {@link #release()}. Once the count
 * reaches zero the model is closed and {@link #retain()} fails for good, so a caller that read a
 * lease just before it was swapped out sees the failure and reads the new one instead. Lock-free.
 *
 * @param <I> what the holder knows about the model (where it came from)
 */
public final class ModelLease<I> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLease.class);

    private final Model model;
    private final I info;
    private final String description;
    private final AtomicInteger refs = new AtomicInteger(1);

    /** A lease holding its installer's one reference; {@code description} names the model in logs. */
    public ModelLease(Model model, I info, String description) {
        this.model = model;
        this.info = info;
        this.description = description;
    }

    public Model model() {
        return model;
    }

    public I info() {
        return info;
    }

    /** Takes a reference; false if the model has already been closed (never blocks). */
    public boolean retain() {
        while (true) {
            int n = refs.get();
            if (n == 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the model (a failure to close is logged). */
    public void release() {
        int n = refs.decrementAndGet();
        if (n == 0) {
            try {
                model.close();
            } catch (RuntimeException e) {
                LOG.warn("closing model {} failed", description, e);
            }
        } else if (n < 0) {
            throw new IllegalStateException("model " + description + " was released more often than retained");
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
