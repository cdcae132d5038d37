package dev.trellis.core.internal.runtime;

import dev.trellis.core.internal.cluster.NodeMessage;
import dev.trellis.core.internal.cluster.NodeReport;
import dev.trellis.core.internal.cluster.PeerListener;
import dev.trellis.core.internal.cluster.Peers;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The cluster of one node of embedded mode: only itself, names kept in memory, nothing listens. */
final class LocalPeers implements Peers {
    private final String selfId;
    private final Supplier<NodeReport> self;
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

    LocalPeers(String selfId, Supplier<NodeReport> self) {
        this.selfId = selfId;
        this.self = self;
    }

    @Override
    public String selfId() {
        return selfId;
    }

    @Override
    public List<NodeReport> nodes() {
        return List.of(self.get());
    }

    @Override
    public boolean send(String nodeId, NodeMessage message) {
        return false;
    }

    @Override
    public void report(NodeReport report) {
    }

    @Override
    public void listen(PeerListener listener) {
    }

    @Override
    public CompletionStage<Boolean> registerName(String name, String location) {
        return CompletableFuture.completedFuture(names.putIfAbsent(name, location) == null);
    }

    @Override
    public CompletionStage<Boolean> takeOverName(String name, String location, String replacedPrefix) {
        String now = names.compute(name, (n, existing) ->
                existing == null || existing.startsWith(replacedPrefix) ? location : existing);
        return CompletableFuture.completedFuture(location.equals(now));
    }

    @Override
    public CompletionStage<Optional<String>> lookupName(String name) {
        return CompletableFuture.completedFuture(Optional.ofNullable(names.get(name)));
    }

    @Override
    public void unregisterName(String name) {
        names.remove(name);
    }

    @Override
    public void close() {
        names.clear();
    }
}
