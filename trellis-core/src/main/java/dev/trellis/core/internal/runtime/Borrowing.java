package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorHandle;
import dev.trellis.core.ObjectLostException;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.internal.cluster.Peers;
import dev.trellis.core.internal.runtime.CoreMessages.AddBorrower;
import dev.trellis.core.internal.runtime.CoreMessages.BorrowerAdded;
import dev.trellis.core.internal.runtime.CoreMessages.ReleaseHold;
import dev.trellis.core.internal.runtime.CoreMessages.RemoveBorrower;
import dev.trellis.core.internal.runtime.CoreMessages.TaskArg;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refs that cross nodes (Ray's borrowers), whether as a call's arguments or nested inside values
 * (a task's result, an argument, an actor's answer). Two rules keep an object alive exactly as
 * long as some node holds a ref to it:
 * <ul>
 *   <li>A node holding refs to another node's object is registered with the owner as a
 *       borrower ({@link AddBorrower}) from its first ref until its last one is collected
 *       ({@link RemoveBorrower}); the owner frees nothing a borrower holds, and forgets a
 *       borrower that leaves the cluster.</li>
 *   <li>A node that sends refs keeps them (a <em>hold</em>) until the receiver has made them its
 *       own and their owners have acknowledged the receiver's borrows ({@link ReleaseHold});
 *       otherwise the sender could drop its refs, and the owner free the object, while the
 *       refs are still in flight.</li>
 * </ul>
 * A hold whose receiver leaves the cluster is dropped; one never released is dropped after
 * {@link #HOLD_EXPIRY} with a warning (a message lost without its node leaving).
 */
final class Borrowing {
    private static final Logger LOG = LoggerFactory.getLogger(Borrowing.class);
    static final Duration HOLD_EXPIRY = Duration.ofMinutes(10);

    private final NodeRuntime runtime;
    private final Peers peers;
    private final String self;
    private final AtomicLong holdIds = new AtomicLong();
    private final ConcurrentHashMap<String, Hold> holds = new ConcurrentHashMap<>();
    /** Per object, the borrows told to its owner and not yet acknowledged, oldest first. */
    private final ConcurrentHashMap<String, ArrayDeque<Pending>> pending = new ConcurrentHashMap<>();

    private record Hold(String node, List<Object> held, long sinceNanos) {
    }

    private record Pending(String owner, CompletableFuture<Void> acked) {
    }

    Borrowing(NodeRuntime runtime, Peers peers) {
        this.runtime = runtime;
        this.peers = peers;
        this.self = peers.selfId();
    }

    // ---- sending

    /** An encoding for node {@code to}: what it writes is held here from {@link Outbound#commit}. */
    Outbound outbound(String to) {
        return new Outbound(to);
    }

    /** {@code value} as bytes for node {@code to}, the refs inside it held for it. */
    byte[] bytes(Object value, String to) {
        Outbound out = outbound(to);
        byte[] bytes = Wire.bytes(value, out);
        out.commit();
        return bytes;
    }

    /** {@code value}'s encoding for node {@code to} (a transfer), the refs inside it held for it. */
    ObjectCodec.Encoded encoded(Object value, String to) {
        Outbound out = outbound(to);
        ObjectCodec.Encoded encoded = ObjectCodec.encoded(value, out);
        out.commit();
        return encoded;
    }

    /** A call's arguments for node {@code to}, refs among and inside them held for it. */
    List<TaskArg> args(Object[] args, String to) {
        Outbound out = outbound(to);
        List<TaskArg> encoded = Wire.args(args, out);
        if (!out.commit()) {
            return encoded;
        }
        return encoded.stream().map(a -> a.held(self, out.holdId)).toList();
    }

    /** Writes refs and handles as their ids and owners, keeping them for the receiver. */
    final class Outbound implements ObjectCodec.Nested {
        private final String to;
        private final String holdId = Long.toString(holdIds.incrementAndGet());
        private final List<Object> held = new ArrayList<>();

        private Outbound(String to) {
            this.to = to;
        }

        @Override
        public List<String> writeRef(ObjectRef<?> ref) {
            if (!(ref instanceof TrackedObjectRef<?> r)) {
                throw new IllegalArgumentException("not an object ref of a Trellis node: " + ref);
            }
            held.add(r);
            return List.of(r.id(), r.owned.owner, self, holdId);
        }

        @Override
        public List<String> writeActor(ActorHandle<?> handle) {
            held.add(handle);
            TaskArg a = Wire.actorArg(handle);
            return List.of(a.actorId(), a.refOwner(), a.actorClass());
        }

        /** Refs written so far (top-level arguments count too). */
        void hold(Object ref) {
            held.add(ref);
        }

        /** Starts keeping what was written, if anything; true if something is held. */
        boolean commit() {
            if (held.isEmpty()) {
                return false;
            }
            holds.put(holdId, new Hold(to, List.copyOf(held), System.nanoTime()));
            return true;
        }

        @Override
        public ObjectRef<?> readRef(List<String> fields) {
            throw new UnsupportedOperationException("an outbound encoding reads nothing");
        }

        @Override
        public ActorHandle<?> readActor(List<String> fields) {
            throw new UnsupportedOperationException("an outbound encoding reads nothing");
        }
    }

    void onReleaseHold(ReleaseHold m) {
        holds.remove(m.holdId());
    }

    /** Releases the holds a call's arguments name without reading them (the call is refused or failed early). */
    void releaseUnread(List<TaskArg> args) {
        var seen = new LinkedHashSet<List<String>>();
        for (TaskArg a : args) {
            if (a.holdNode() != null) {
                seen.add(List.of(a.holdNode(), a.holdId()));
            }
        }
        seen.forEach(h -> release(h.get(0), h.get(1)));
    }

    private void release(String node, String holdId) {
        if (node.equals(self)) {
            holds.remove(holdId);
        } else {
            peers.send(node, new ReleaseHold(holdId));
        }
    }

    // ---- receiving

    /** A decoding on this node; {@code fetch}: copy the objects here at once (a call's arguments). */
    Inbound inbound(boolean fetch) {
        return new Inbound(fetch);
    }

    /** Decodes a value from another node, its refs made this node's. */
    Object decode(byte[] bytes) {
        Inbound in = inbound(false);
        try {
            return Wire.value(bytes, in);
        } finally {
            in.finish();
        }
    }

    /** Reads a value nobody here wants any more, only so that the holds it names are released. */
    void discard(byte[] bytes) {
        try {
            decode(bytes);
        } catch (RuntimeException e) {
            LOG.debug("node {} could not decode a value it drops: {}", self, e.toString());
        }
    }

    /**
     * Reads refs and handles as this node's own: an object owned elsewhere is borrowed from its
     * owner; {@link #finish} releases the senders' holds once every owner has acknowledged.
     */
    final class Inbound implements ObjectCodec.Nested {
        private final boolean fetch;
        private final Set<List<String>> holdsSeen = new LinkedHashSet<>();
        private final List<CompletableFuture<Void>> acks = new ArrayList<>();

        private Inbound(boolean fetch) {
            this.fetch = fetch;
        }

        @Override
        public ObjectRef<?> readRef(List<String> fields) {
            if (fields.size() != 4) {
                throw new IllegalArgumentException("a nested ref needs 4 fields, not " + fields);
            }
            hold(fields.get(2), fields.get(3));
            return ref(fields.get(0), fields.get(1));
        }

        @Override
        public ActorHandle<?> readActor(List<String> fields) {
            if (fields.size() != 3) {
                throw new IllegalArgumentException("a nested actor handle needs 3 fields, not " + fields);
            }
            return runtime.actorHandle(fields.get(0), fields.get(1), fields.get(2));
        }

        /** A hold the sender keeps for what this decoding reads. */
        void hold(String node, String holdId) {
            if (node != null && holdId != null) {
                holdsSeen.add(List.of(node, holdId));
            }
        }

        /** This node's ref to {@code id}, owned by {@code owner}. */
        ObjectRef<?> ref(String id, String owner) {
            return runtime.incomingRef(id, owner, fetch, this);
        }

        void borrowed(CompletableFuture<Void> ack) {
            acks.add(ack);
        }

        @Override
        public List<String> writeRef(ObjectRef<?> ref) {
            throw new UnsupportedOperationException("an inbound decoding writes nothing");
        }

        @Override
        public List<String> writeActor(ActorHandle<?> handle) {
            throw new UnsupportedOperationException("an inbound decoding writes nothing");
        }

        /** Releases the holds read, once the owners have acknowledged this node's borrows. */
        void finish() {
            if (holdsSeen.isEmpty()) {
                return;
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture<?>[]::new))
                    .whenComplete((v, e) -> holdsSeen.forEach(h -> release(h.get(0), h.get(1))));
        }
    }

    /** Registers this node as a borrower of {@code o} (another node's object) unless it is already; completes on the owner's answer. */
    CompletableFuture<Void> borrow(OwnedObjects.Owned o, OwnedObjects owned) {
        if (!owned.startBorrow(o)) {
            ArrayDeque<Pending> queue = pending.get(o.id);
            synchronized (this) {
                Pending last = queue == null ? null : queue.peekLast();
                return last == null ? CompletableFuture.completedFuture(null) : last.acked();
            }
        }
        var p = new Pending(o.owner, new CompletableFuture<>());
        synchronized (this) {
            pending.computeIfAbsent(o.id, k -> new ArrayDeque<>()).addLast(p);
        }
        if (!peers.send(o.owner, new AddBorrower(o.id, self))) {
            acked(o.id);
        }
        return p.acked();
    }

    /** The owner acknowledged the oldest borrow of {@code m.objectId()} told to it. */
    void onBorrowerAdded(BorrowerAdded m) {
        if (m.error() != null) {
            OwnedObjects.Owned o = runtime.ownedObject(m.objectId());
            if (o != null && !o.ready.isDone()) {
                runtime.fail(o, Wire.error(m.error()));
            }
        }
        acked(m.objectId());
    }

    private void acked(String objectId) {
        Pending p;
        synchronized (this) {
            ArrayDeque<Pending> queue = pending.get(objectId);
            p = queue == null ? null : queue.pollFirst();
            if (queue != null && queue.isEmpty()) {
                pending.remove(objectId);
            }
        }
        if (p != null) {
            p.acked().complete(null);
        }
    }

    /** The last local ref and pin of a borrowed object are gone: tell its owner. */
    void unborrowed(OwnedObjects.Owned o) {
        peers.send(o.owner, new RemoveBorrower(List.of(o.id), self));
    }

    /** Owner's side of {@link AddBorrower}. */
    void onAddBorrower(AddBorrower m, OwnedObjects owned) {
        OwnedObjects.Owned o = runtime.ownedObject(m.objectId());
        boolean added = o != null && o.owner.equals(self) && owned.addBorrower(o, m.borrower());
        peers.send(m.borrower(), new BorrowerAdded(m.objectId(), self, added ? null
                : Wire.error(new ObjectLostException(m.objectId(), "object " + m.objectId()
                        + " was freed by its owner, node " + self + ", before node " + m.borrower()
                        + " got its ref"))));
    }

    void onRemoveBorrower(RemoveBorrower m, OwnedObjects owned) {
        m.objectIds().forEach(id -> owned.removeBorrower(id, m.borrower()));
    }

    /** {@code node} left: its holds and borrows end, and what it was to acknowledge will never come. */
    void nodeRemoved(String node, OwnedObjects owned) {
        holds.values().removeIf(h -> h.node().equals(node));
        for (OwnedObjects.Owned o : owned.all()) {
            if (o.owner.equals(self)) {
                owned.removeBorrower(o.id, node);
            }
        }
        List<Pending> gone = new ArrayList<>();
        synchronized (this) {
            for (var queue : pending.values()) {
                queue.removeIf(p -> p.owner().equals(node) && gone.add(p));
            }
            pending.values().removeIf(ArrayDeque::isEmpty);
        }
        gone.forEach(p -> p.acked().complete(null));
    }

    /** Drops holds kept longer than {@link #HOLD_EXPIRY}. */
    void tick() {
        long now = System.nanoTime();
        holds.entrySet().removeIf(e -> {
            boolean expired = now - e.getValue().sinceNanos() > HOLD_EXPIRY.toNanos();
            if (expired) {
                LOG.warn("node {} dropped its hold {} on {} ref(s) sent to node {}: no release came in {}", self,
                        e.getKey(), e.getValue().held().size(), e.getValue().node(), HOLD_EXPIRY);
            }
            return expired;
        });
    }

    /** Holds kept now (for tests). */
    int holdCount() {
        return holds.size();
    }
}
