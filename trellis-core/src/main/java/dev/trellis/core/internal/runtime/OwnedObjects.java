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
    private final Consumer<Owned> onFree;
    private final String selfId;

    /** One owned object. {@code ready} completes (normally) once its value or its error is known. */
    static final class Owned {
        final String id;
        /** The node that owns it: this one, or (for a copy fetched as an argument) the owner elsewhere. */
        final String owner;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        /** Other nodes holding a copy (cluster mode). */
        final java.util.Set<String> locations = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** How to make it again if every copy is lost (cluster mode: the task that made it), or null. */
        volatile Object lineage;
        /** The lineage was dropped to stay within {@code max_lineage_bytes}. */
        volatile boolean lineageDropped;
        /** Completes when a lost object has been made again; null while nothing is lost. */
        volatile CompletableFuture<Void> recovery;
        /** Why it is lost for good, or null. */
        volatile String lost;
        private volatile TrellisException error;
        private int handles;
        private int pins;
        private boolean freed;

        Owned(String id, String owner) {
            this.id = id;
            this.owner = owner;
        }

        TrellisException error() {
            return error;
        }
    }

    OwnedObjects(String selfId, Consumer<Owned> onFree) {
        this.selfId = selfId;
        this.onFree = onFree;
    }

    /** A new, not yet ready object owned here, with no holders. */
    Owned create(String id) {
        Owned o = new Owned(id, selfId);
        objects.put(id, o);
        return o;
    }

    /** The local entry of another node's object (a copy fetched for a call here), made if absent. */
    Owned foreign(String id, String owner, java.util.function.Consumer<Owned> fetch) {
        boolean[] made = {false};
        Owned o = objects.computeIfAbsent(id, k -> {
            made[0] = true;
            return new Owned(k, owner);
        });
        if (made[0]) {
            fetch.accept(o);
        }
        return o;
    }

    java.util.Collection<Owned> all() {
        return objects.values();
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
        onFree.accept(o);
    }
}
