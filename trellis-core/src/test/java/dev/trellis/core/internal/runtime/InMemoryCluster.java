package dev.trellis.core.internal.runtime;

import dev.trellis.core.Resources;
import dev.trellis.core.TrellisOptions;
import dev.trellis.core.internal.cluster.NodeMessage;
import dev.trellis.core.internal.cluster.NodeReport;
import dev.trellis.core.internal.cluster.PeerListener;
import dev.trellis.core.internal.cluster.Peers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Several cluster-mode nodes in one JVM, joined by in-memory {@link Peers}: messages are handed
 * over (not encoded) on one delivery thread, so they keep their order as Pekko's do between two
 * nodes; node reports are read directly. The test can freeze a node's report (the others keep
 * seeing the last one, as with a slow heartbeat) and kill a node (the others hear it left, and
 * its names are dropped). Cheaper than multi-JVM tests, but messages are not encoded: what
 * needs the wire format is tested apart.
 */
final class InMemoryCluster implements AutoCloseable {
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("in-memory-cluster").factory());
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final Set<String> frozen = ConcurrentHashMap.newKeySet();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final List<NodeRuntime> runtimes = new ArrayList<>();

    /** Starts a node with {@code cpus} CPUs and {@code role} ("driver", "worker", ...). */
    synchronized NodeRuntime start(String role, double cpus) {
        return start(role, TrellisOptions.builder().numCpus(cpus).build());
    }

    /** Starts a node with {@code options} (their resources, lineage budget...) and {@code role}. */
    synchronized NodeRuntime start(String role, TrellisOptions options) {
        String id = NodeRuntime.newNodeId();
        Resources total = options.resources();
        NodeRuntime runtime = NodeRuntime.create(id, options, role, rt -> {
            var member = new Member(id, new NodeReport(id, "in-memory", role, total, total, 0, List.of(), 0, 0, 0));
            members.put(id, member);
            return member;
        });
        runtimes.add(runtime);
        return runtime;
    }

    /** The others keep the report {@code node} sent last until {@link #thaw}. */
    void freezeReport(String node) {
        frozen.add(node);
    }

    void thaw(String node) {
        frozen.remove(node);
    }

    /** {@code node} dies: it can no longer send or receive, the others are told it left, and it is shut down. */
    void kill(NodeRuntime node) {
        String id = node.nodeId();
        gone.add(id);
        names.values().removeIf(location -> location.startsWith(id + "/")); // as the directory drops a removed member's names
        for (Member m : members.values()) {
            if (!m.selfId.equals(id)) {
                delivery.execute(() -> m.listener().onNodeRemoved(id));
            }
        }
        synchronized (this) {
            runtimes.remove(node);
        }
        node.shutdown();
    }

    @Override
    public void close() {
        List<NodeRuntime> all;
        synchronized (this) {
            all = List.copyOf(runtimes);
            runtimes.clear();
        }
        all.forEach(NodeRuntime::shutdown);
        delivery.shutdownNow();
    }

    private final class Member implements Peers {
        private final String selfId;
        private volatile NodeReport report;
        private final CompletableFuture<PeerListener> listener = new CompletableFuture<>();
        private volatile boolean closed;

        Member(String selfId, NodeReport initial) {
            this.selfId = selfId;
            this.report = initial;
        }

        PeerListener listener() {
            return listener.join();
        }

        @Override
        public String selfId() {
            return selfId;
        }

        @Override
        public List<NodeReport> nodes() {
            return members.values().stream().filter(m -> !gone.contains(m.selfId)).map(m -> m.report).toList();
        }

        @Override
        public boolean send(String nodeId, NodeMessage message) {
            Member to = members.get(nodeId);
            if (closed || to == null || gone.contains(nodeId) || gone.contains(selfId)) {
                return false;
            }
            delivery.execute(() -> {
                if (!gone.contains(nodeId)) {
                    to.listener().onMessage(selfId, message);
                }
            });
            return true;
        }

        @Override
        public void report(NodeReport report) {
            if (!frozen.contains(selfId)) {
                this.report = report;
            }
        }

        @Override
        public void listen(PeerListener l) {
            listener.complete(l);
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
            closed = true;
        }
    }
}
