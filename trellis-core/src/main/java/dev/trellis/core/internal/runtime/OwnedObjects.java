package dev.trellis.core.internal.runtime;

import dev.trellis.core.TrellisException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What this node knows as the owner of the objects it made (Ray's ownership model): whether
 * each is ready or failed, and who still needs it. An object is freed once no handle refers to
 * it and no pending call takes it as an argument ({@code pins}); {@code onFree} then removes its
 * copies. Counts change under the entry's lock.
 */
final class OwnedObjects {
    private final ConcurrentHashMap<String, Owned> objects = new ConcurrentHashMap<>();
    private final Consumer<String> onFree;

    /** One owned object. {@code ready} completes (normally) once its value or its error is known. */
    static final class Owned {
        final String id;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        private volatile TrellisException error;
        private int handles;
        private int pins;
        private boolean freed;

        Owned(String id) {
            this.id = id;
        }

        TrellisException error() {
            return error;
        }
    }

    OwnedObjects(Consumer<String> onFree) {
        this.onFree = onFree;
    }

    /** A new, not yet ready object with no holders. */
    Owned create(String id) {
        Owned o = new Owned(id);
        objects.put(id, o);
        return o;
    }

    /** The live entry of {@code id}, or null once freed. */
    Owned find(String id) {
        return objects.get(id);
    }

    int size() {
        return objects.size();
    }

    /** Marks {@code o} ready (its value is in the store). */
    void ready(Owned o) {
        o.ready.complete(null);
    }

    /** Marks {@code o} failed with {@code error}. */
    void failed(Owned o, TrellisException error) {
        o.error = error;
        o.ready.complete(null);
    }

    void addHandle(Owned o) {
        synchronized (o) {
            o.handles++;
        }
    }

    void releaseHandle(String id) {
        Owned o = objects.get(id);
        if (o != null) {
            boolean free;
            synchronized (o) {
                o.handles--;
                free = isUnused(o);
            }
            if (free) {
                free(o);
            }
        }
    }

    /** A pending call needs {@code o}: it stays until {@link #unpin}. */
    void pin(Owned o) {
        synchronized (o) {
            o.pins++;
        }
    }

    void unpin(Owned o) {
        boolean free;
        synchronized (o) {
            o.pins--;
            free = isUnused(o);
        }
        if (free) {
            free(o);
        }
    }

    /** Frees everything (at shutdown). */
    void clear() {
        objects.values().forEach(o -> {
            synchronized (o) {
                o.freed = true;
            }
        });
        objects.clear();
    }

    private static boolean isUnused(Owned o) {
        if (o.handles <= 0 && o.pins <= 0 && !o.freed) {
            o.freed = true;
            return true;
        }
        return false;
    }

    private void free(Owned o) {
        objects.remove(o.id, o);
        onFree.accept(o.id);
    }
}
