package dev.trellis.core.internal.runtime;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a JVM's live handles (object refs and actor handles) through the garbage collector: each
 * handle is tracked by a phantom reference, and once the collector finds it unreachable its id
 * is handed to {@code onRelease} (the owner then frees the object, or the actor, when no handle
 * and no pending call is left). A reaper thread does this as the collector reports; the object
 * store also drains it synchronously, collecting first if needed, before it spills.
 */
final class RefTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RefTracker.class);

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final Set<Tracked> live = ConcurrentHashMap.newKeySet();
    private final Consumer<Tracked> onRelease;
    private final Thread reaper;
    private volatile boolean closed;
    private long lastCollection;

    /** The id a collected handle stood for; {@code actor} tells actor handles from object refs. */
    static final class Tracked extends PhantomReference<Object> {
        final String id;
        final boolean actor;

        Tracked(Object handle, String id, boolean actor, ReferenceQueue<Object> queue) {
            super(handle, queue);
            this.id = id;
            this.actor = actor;
        }
    }

    RefTracker(Consumer<Tracked> onRelease, String threadName) {
        this.onRelease = onRelease;
        this.reaper = Thread.ofPlatform().daemon().name(threadName).start(this::reap);
    }

    /** Starts counting {@code handle} as a holder of {@code id}. */
    void track(Object handle, String id, boolean actor) {
        live.add(new Tracked(handle, id, actor, queue));
    }

    /** Releases whatever the collector has already found; returns how many. */
    int drain() {
        int n = 0;
        Reference<?> r;
        while ((r = queue.poll()) != null) {
            release((Tracked) r);
            n++;
        }
        return n;
    }

    /**
     * Frees what it can now: drains, and if that frees nothing, runs a collection (at most every
     * 20 ms) and waits briefly for its findings. Called when memory is short.
     */
    boolean reclaim() {
        if (drain() > 0) {
            return true;
        }
        synchronized (this) {
            long now = System.nanoTime();
            if (now - lastCollection < 20_000_000L) {
                return drain() > 0;
            }
            lastCollection = now;
        }
        System.gc();
        int n = 0;
        try {
            Reference<?> r = queue.remove(50);
            while (r != null) {
                release((Tracked) r);
                n++;
                r = queue.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return n > 0;
    }

    private void release(Tracked t) {
        if (live.remove(t)) {
            try {
                onRelease.accept(t);
            } catch (RuntimeException e) {
                LOG.warn("releasing {} failed", t.id, e);
            }
        }
    }

    private void reap() {
        while (!closed) {
            try {
                Reference<?> r = queue.remove(1_000);
                if (r != null) {
                    release((Tracked) r);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        reaper.interrupt();
        live.clear();
    }
}
