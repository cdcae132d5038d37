package dev.trellis.core.internal.runtime;

import dev.trellis.core.ObjectLostException;
import dev.trellis.core.internal.cluster.Peers;
import dev.trellis.core.internal.runtime.CoreMessages.AddLocation;
import dev.trellis.core.internal.runtime.CoreMessages.BulkOffer;
import dev.trellis.core.internal.runtime.CoreMessages.Chunk;
import dev.trellis.core.internal.runtime.CoreMessages.Locate;
import dev.trellis.core.internal.runtime.CoreMessages.Located;
import dev.trellis.core.internal.runtime.CoreMessages.Pull;
import dev.trellis.core.internal.runtime.CoreMessages.PullFailed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves objects between nodes: the receiver pulls the encoded object from a holder in windows
 * of {@link #WINDOW} bytes, sent as {@link #CHUNK}-byte messages, asking for the next window as
 * each completes (two windows in flight), so a big object never is one huge message and a slow
 * receiver slows the sender. The sender encodes an object once per transfer.
 *
 * <p>An encoding of {@link #BULK_BYTES} or more goes over the holder's {@link DataChannel}
 * instead when both nodes have one (the receiver's {@link Pull} says whether it has): the holder
 * answers with a {@link BulkOffer} (its data port and a single-use token), and the receiver
 * streams the whole encoding from there on a virtual thread. A failed stream (refused, reset, timed out, the holder
 * gone) counts as that holder failing: the receiver tries the next holder, or the fetch fails with
 * {@link ObjectLostException}, as a failed pull does.
 */
final class ObjectTransfers implements AutoCloseable {
    static final int CHUNK = 1 << 20;
    static final int WINDOW = 32 << 20;
    static final int BULK_BYTES = 4 << 20;

    private final NodeRuntime runtime;
    private final Peers peers;
    private final String self;
    /** This node's bulk data path; null when it could not be opened (then everything moves in chunks). */
    private final DataChannel data;
    private final ConcurrentHashMap<String, ObjectCodec.Encoded> outgoing = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Incoming> incoming = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<CompletableFuture<Located>>> locating = new ConcurrentHashMap<>();

    private static final class Incoming {
        final String objectId;
        final String node;
        final List<String> others;
        final CompletableFuture<Void> done;
        /** The whole encoding, or (for a byte array) null while {@link #bytes} takes the payload directly. */
        byte[] buffer;
        byte[] bytes;
        long received;
        long requested;

        Incoming(String objectId, String node, List<String> others, CompletableFuture<Void> done) {
            this.objectId = objectId;
            this.node = node;
            this.others = others;
            this.done = done;
        }
    }

    ObjectTransfers(NodeRuntime runtime, Peers peers, DataChannel data) {
        this.runtime = runtime;
        this.peers = peers;
        this.self = peers.selfId();
        this.data = data;
    }

    /** This node's data channel, or null. */
    DataChannel dataChannel() {
        return data;
    }

    /** Asks {@code owner} where {@code objectId} is; completes with its answer (once the object is ready). */
    CompletableFuture<Located> locate(String objectId, String owner) {
        var answer = new CompletableFuture<Located>();
        locating.computeIfAbsent(objectId, k -> new ArrayList<>()).add(answer);
        if (!peers.send(owner, new Locate(objectId, self))) {
            answer.completeExceptionally(new ObjectLostException(objectId, "object " + objectId
                    + " is lost: its owner, node " + owner + ", is not in the cluster"));
        }
        return answer;
    }

    void located(Located m) {
        List<CompletableFuture<Located>> waiting = locating.remove(m.objectId());
        if (waiting != null) {
            waiting.forEach(f -> f.complete(m));
        }
    }

    /**
     * Copies {@code objectId} from one of {@code nodes} into this node's store; completes when it is
     * there. {@code owner} is told of the new copy unless it is this node.
     */
    CompletableFuture<Void> fetch(String objectId, List<String> nodes, String owner) {
        var done = new CompletableFuture<Void>();
        List<String> candidates = new ArrayList<>(nodes);
        candidates.remove(self);
        if (candidates.isEmpty()) {
            done.completeExceptionally(new ObjectLostException(objectId, "object " + objectId + " has no copy on a live node"));
            return done;
        }
        start(objectId, candidates, done);
        return done.thenRun(() -> {
            if (!owner.equals(self)) {
                peers.send(owner, new AddLocation(objectId, self));
            }
        });
    }

    private void start(String objectId, List<String> candidates, CompletableFuture<Void> done) {
        String node = candidates.getFirst();
        String transferId = UUID.randomUUID().toString();
        var in = new Incoming(objectId, node, candidates.subList(1, candidates.size()), done);
        in.requested = WINDOW;
        incoming.put(transferId, in);
        if (!peers.send(node, new Pull(transferId, objectId, self, 0, WINDOW, data != null))) {
            incoming.remove(transferId);
            retryOrFail(in, "node " + node + " is not in the cluster");
        }
    }

    private void retryOrFail(Incoming in, String reason) {
        if (!in.others.isEmpty()) {
            start(in.objectId, new ArrayList<>(in.others), in.done);
        } else {
            in.done.completeExceptionally(new ObjectLostException(in.objectId, "object " + in.objectId
                    + " could not be fetched: " + reason));
        }
    }

    /** A holder's side: send the asked window of the encoded object. */
    void pull(Pull m) {
        ObjectCodec.Encoded encoded = outgoing.get(m.transferId());
        if (encoded == null) {
            if (m.offset() != 0 || !runtime.holds(m.objectId())) {
                peers.send(m.requester(), new PullFailed(m.transferId(), m.objectId(), "node " + self
                        + " does not hold object " + m.objectId()));
                return;
            }
            try {
                encoded = runtime.borrowing().encoded(runtime.localValue(m.objectId()), m.requester());
            } catch (RuntimeException e) {
                peers.send(m.requester(), new PullFailed(m.transferId(), m.objectId(), "object " + m.objectId()
                        + " cannot be encoded to cross nodes: " + e.getMessage()));
                return;
            }
            if (m.bulk() && data != null && encoded.size() >= BULK_BYTES) {
                byte[] token = data.offer(encoded, m.requester());
                peers.send(m.requester(), new BulkOffer(m.transferId(), m.objectId(), runtime.options().host(),
                        data.port(), token, encoded.size()));
                return;
            }
            outgoing.put(m.transferId(), encoded);
        }
        long total = encoded.size();
        long end = Math.min(total, m.offset() + m.length());
        for (long at = m.offset(); at < end; at += CHUNK) {
            int n = (int) Math.min(CHUNK, end - at);
            byte[] slice = new byte[n];
            encoded.copy(at, slice, 0, n);
            peers.send(m.requester(), new Chunk(m.transferId(), m.objectId(), at, total, slice));
            runtime.metrics().bytesSent(n);
        }
        if (end >= total) {
            outgoing.remove(m.transferId());
        }
    }

    /** A receiver's side: copy the slice in; ask for the next window; decode and store at the end. */
    void chunk(Chunk m) {
        Incoming in = incoming.get(m.transferId());
        if (in == null) {
            return;
        }
        boolean complete;
        long askFrom = -1;
        synchronized (in) {
            if (in.buffer == null && in.bytes == null) {
                // A byte array goes straight into the array it will be; anything else is decoded at the end.
                int length = m.offset() == 0 ? ObjectCodec.byteArrayLength(m.data()) : -1;
                if (length >= 0 && ObjectCodec.HEADER + (long) length == m.total()) {
                    in.bytes = new byte[length];
                } else {
                    in.buffer = new byte[(int) m.total()];
                }
                if (m.total() > WINDOW) {
                    askFrom = in.requested;
                    in.requested += WINDOW;
                }
            }
            copy(in, m);
            in.received += m.data().length;
            runtime.metrics().bytesReceived(m.data().length);
            complete = in.received >= m.total();
            long windowEnd = in.requested - WINDOW;
            if (!complete && askFrom < 0 && in.received >= windowEnd && in.requested < m.total()) {
                askFrom = in.requested;
                in.requested += WINDOW;
            }
        }
        if (askFrom >= 0 && askFrom < m.total()) {
            peers.send(in.node, new Pull(m.transferId(), m.objectId(), self, askFrom, WINDOW, false));
        }
        if (complete) {
            incoming.remove(m.transferId());
            try {
                runtime.storeCopy(in.objectId, in.bytes != null ? in.bytes : runtime.borrowing().decode(in.buffer));
                in.done.complete(null);
            } catch (RuntimeException e) {
                in.done.completeExceptionally(e);
            }
        }
    }

    private static void copy(Incoming in, Chunk m) {
        if (in.buffer != null) {
            System.arraycopy(m.data(), 0, in.buffer, (int) m.offset(), m.data().length);
            return;
        }
        int skip = (int) Math.max(0, ObjectCodec.HEADER - m.offset());
        if (skip < m.data().length) {
            System.arraycopy(m.data(), skip, in.bytes, (int) (m.offset() + skip - ObjectCodec.HEADER),
                    m.data().length - skip);
        }
    }

    /** A receiver's side of a {@link BulkOffer}: stream the object in on a virtual thread, then store it. */
    void bulkOffer(BulkOffer m) {
        Incoming in = incoming.get(m.transferId());
        if (in == null) {
            return; // given up on already; the holder drops the unused offer
        }
        if (data == null) {
            incoming.remove(m.transferId(), in);
            retryOrFail(in, "node " + in.node + " offered a bulk transfer, but this node has no data channel");
            return;
        }
        Thread.ofVirtual().name("trellis-data-fetch-" + m.objectId()).start(() -> {
            Object value;
            try {
                value = data.fetch(in.node, m.host(), m.port(), m.token(), m.size(), runtime.metrics()::bytesReceived,
                        runtime.borrowing()::decode);
            } catch (IOException e) {
                if (incoming.remove(m.transferId(), in)) {
                    retryOrFail(in, "the bulk transfer from node " + in.node + " (" + m.host() + ":" + m.port()
                            + ") failed: " + e.getMessage());
                }
                return;
            } catch (RuntimeException e) {
                if (incoming.remove(m.transferId(), in)) {
                    in.done.completeExceptionally(e);
                }
                return;
            }
            if (incoming.remove(m.transferId(), in)) {
                try {
                    runtime.storeCopy(in.objectId, value);
                    in.done.complete(null);
                } catch (RuntimeException e) {
                    in.done.completeExceptionally(e);
                }
            }
        });
    }

    /** Drops bulk offers nobody took in time. */
    void tick() {
        if (data != null) {
            data.expire();
        }
    }

    void pullFailed(PullFailed m) {
        Incoming in = incoming.remove(m.transferId());
        if (in != null) {
            retryOrFail(in, m.reason());
        }
    }

    void nodeRemoved(String node) {
        if (data != null) {
            data.dropNode(node);
        }
        for (var e : List.copyOf(incoming.entrySet())) {
            if (e.getValue().node.equals(node) && incoming.remove(e.getKey(), e.getValue())) {
                retryOrFail(e.getValue(), "node " + node + " died during the transfer");
            }
        }
    }

    /** Closes the data channel: its listener and every stream in flight (their fetches fail). */
    @Override
    public void close() {
        if (data != null) {
            data.close();
        }
    }
}
