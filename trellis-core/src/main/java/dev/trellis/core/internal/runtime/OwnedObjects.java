package dev.trellis.core.internal.runtime;

import dev.trellis.core.TrellisException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What this node knows as the owner of the objects it made (Ray's ownership model): whether
 * each is ready or failed, and who still needs it. An object is freed once no handle refers to
 * it, no pending call takes it as an argument ({@code pins}) and no other node borrows it (holds
 * refs to it: {@code borrowers}); {@code onFree} then removes its copies. The same entries stand
 * for other nodes' objects this node holds refs to or copies of: such an entry {@code borrowing}
 * is registered with the owner, and {@code onUnborrow} tells it when the last local ref and pin
 * are gone; a {@code hosted} one is the result of a task run here for its owner, kept until the
 * owner frees it. Counts change under the entry's lock.
 */
final class OwnedObjects {
    private final ConcurrentHashMap<String, Owned> objects = new ConcurrentHashMap<>();
    private final Consumer<Owned> onFree;
    private final Consumer<Owned> onUnborrow;
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
        /** Other nodes holding refs to it (owner's side). */
        private final java.util.Set<String> borrowers = new java.util.HashSet<>();
        /** Registered as a borrower with the owner (borrower's side). */
        private boolean borrowing;
        /** A result computed here for its owner, kept until the owner frees it. */
        private boolean hosted;

        Owned(String id, String owner) {
            this.id = id;
            this.owner = owner;
        }

        TrellisException error() {
            return error;
        }
    }

    OwnedObjects(String selfId, Consumer<Owned> onFree) {
        this(selfId, onFree, o -> { });
    }

    OwnedObjects(String selfId, Consumer<Owned> onFree, Consumer<Owned> onUnborrow) {
        this.selfId = selfId;
        this.onFree = onFree;
        this.onUnborrow = onUnborrow;
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

    /** The entry of {@code id}, owned here, with one more handle counted; null if it was freed. */
    Owned acquire(String id) {
        Owned o = objects.get(id);
        if (o == null) {
            return null;
        }
        synchronized (o) {
            if (o.freed) {
                return null;
            }
            o.handles++;
            return o;
        }
    }

    /**
     * The local entry of another node's object with one more handle counted, made (and
     * {@code fetch} started) if absent or just freed: the count and the lookup cannot miss each other.
     */
    Owned acquireForeign(String id, String owner, Consumer<Owned> fetch) {
        while (true) {
            Owned o = foreign(id, owner, fetch);
            synchronized (o) {
                if (!o.freed) {
                    o.handles++;
                    return o;
                }
            }
            objects.remove(id, o);
        }
    }

    /** Marks {@code o} borrowed from its owner; true when this call must tell the owner. */
    boolean startBorrow(Owned o) {
        synchronized (o) {
            if (o.borrowing || o.freed) {
                return false;
            }
            o.borrowing = true;
            return true;
        }
    }

    /** Owner's side: {@code node} holds refs to {@code o}; false if it was freed already. */
    boolean addBorrower(Owned o, String node) {
        synchronized (o) {
            if (o.freed) {
                return false;
            }
            o.borrowers.add(node);
            return true;
        }
    }

    /** Owner's side: {@code node} holds no ref to {@code id} any more. */
    void removeBorrower(String id, String node) {
        Owned o = objects.get(id);
        if (o != null) {
            boolean free;
            synchronized (o) {
                free = o.borrowers.remove(node) && isUnused(o);
            }
            if (free) {
                free(o);
            }
        }
    }

    /** How many local handles {@code o} has now (for tests). */
    int handleCount(Owned o) {
        synchronized (o) {
            return o.handles;
        }
    }

    /** The nodes borrowing {@code o} now (for tests and status). */
    java.util.Set<String> borrowers(Owned o) {
        synchronized (o) {
            return java.util.Set.copyOf(o.borrowers);
        }
    }

    /** Keeps {@code o}, a result run here for its owner, until {@link #unhost}. */
    void host(Owned o) {
        synchronized (o) {
            o.hosted = true;
        }
    }

    void unhost(Owned o) {
        boolean free;
        synchronized (o) {
            o.hosted = false;
            free = isUnused(o);
        }
        if (free) {
            free(o);
        }
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
            boolean unborrow;
            synchronized (o) {
                o.handles--;
                unborrow = endsBorrow(o);
                free = isUnused(o);
            }
            after(o, unborrow, free);
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
        boolean unborrow;
        synchronized (o) {
            o.pins--;
            unborrow = endsBorrow(o);
            free = isUnused(o);
        }
        after(o, unborrow, free);
    }

    /** Whether the last local use of a borrowed object just ended (under {@code o}'s lock). */
    private static boolean endsBorrow(Owned o) {
        if (o.borrowing && o.handles <= 0 && o.pins <= 0) {
            o.borrowing = false;
            return true;
        }
        return false;
    }

    private void after(Owned o, boolean unborrow, boolean free) {
        if (unborrow) {
            onUnborrow.accept(o);
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
        if (o.handles <= 0 && o.pins <= 0 && o.borrowers.isEmpty() && !o.hosted && !o.freed) {
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
