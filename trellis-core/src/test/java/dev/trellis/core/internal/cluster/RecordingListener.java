package dev.trellis.core.internal.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link PeerListener} that keeps what it hears, for assertions. */
final class RecordingListener implements PeerListener {
    record Received(String from, NodeMessage message) {
    }

    final List<Received> messages = new CopyOnWriteArrayList<>();
    final List<String> removed = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(String fromNodeId, NodeMessage message) {
        messages.add(new Received(fromNodeId, message));
    }

    @Override
    public void onNodeRemoved(String nodeId) {
        removed.add(nodeId);
    }

    <T extends NodeMessage> List<T> from(String nodeId, Class<T> type) {
        return messages.stream().filter(r -> r.from().equals(nodeId) && type.isInstance(r.message()))
                .map(r -> type.cast(r.message())).toList();
    }
}
