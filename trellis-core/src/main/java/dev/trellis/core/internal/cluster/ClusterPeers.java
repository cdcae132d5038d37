package dev.trellis.core.internal.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.trellis.core.internal.cluster.ClusterMessages.ClaimName;
import dev.trellis.core.internal.cluster.ClusterMessages.DirectoryMessage;
import dev.trellis.core.internal.cluster.ClusterMessages.Heartbeat;
import dev.trellis.core.internal.cluster.ClusterMessages.LookupName;
import dev.trellis.core.internal.cluster.ClusterMessages.Member;
import dev.trellis.core.internal.cluster.ClusterMessages.NameAnswer;
import dev.trellis.core.internal.cluster.ClusterMessages.ReleaseName;
import dev.trellis.core.internal.cluster.ClusterMessages.View;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's {@link Peers}: Pekko Cluster over Artery TCP, with the split brain resolver
 * (keep-majority among head and worker nodes) downing nodes that stop answering, and the
 * {@link ClusterDirectory} as a singleton. Each node has one agent endpoint actor; messages
 * between two nodes keep their order (Artery's guarantee). Drivers join as members with role
 * {@code driver}: they never host the directory and do not count for the majority.
 *
 * <p>Binding a host that is not a loopback address is refused: Artery TLS is not configured yet,
 * and an open cluster port would let anyone on the network run code here.
 */
public final class ClusterPeers implements Peers {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPeers.class);
    public static final String SYSTEM_NAME = "trellis";

    private final String selfId;
    private final ActorSystem<Void> system;
    private final ActorRef<DirectoryMessage> directory;
    private final CompletableFuture<ActorRef<NodeMessage>> endpoint = new CompletableFuture<>();
    private final ConcurrentHashMap<String, Member> members = new ConcurrentHashMap<>();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    /** Every node ever seen, by its actor system's address (kept after it leaves the view, for removal events). */
    private final ConcurrentHashMap<Address, String> nodeByAddress = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> hostedNames = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<NameAnswer>> answers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<NodeMessage> early = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService heartbeat;
    private volatile PeerListener listener;
    private volatile NodeReport report;

    /**
     * Starts this node's actor system and joins the cluster.
     *
     * @param seed the head's {@code host:port}, or null when this node is the head (it seeds itself)
     */
    public ClusterPeers(String selfId, String role, String host, int port, String seed, NodeReport initial) {
        requireLoopback(host);
        this.selfId = selfId;
        this.report = initial;
        String seedAddress = "pekko://" + SYSTEM_NAME + "@" + (seed == null ? host + ":" + port : seed);
        Config config = ConfigFactory.parseMap(Map.of(
                "pekko.actor.provider", "cluster",
                "pekko.remote.artery.canonical.hostname", host,
                "pekko.remote.artery.canonical.port", String.valueOf(port),
                "pekko.cluster.seed-nodes", List.of(seedAddress),
                "pekko.cluster.roles", List.of("driver".equals(role) ? "driver" : "server")))
                .withFallback(ConfigFactory.parseResources("trellis-cluster.conf"))
                .withFallback(ConfigFactory.load());
        this.system = ActorSystem.create(guardian(), SYSTEM_NAME, config);
        this.directory = ClusterSingleton.get(system).init(
                SingletonActor.of(ClusterDirectory.create(), "trellis-directory")
                        .withSettings(ClusterSingletonSettings.create(system).withRole("server")));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("trellis-heartbeat-" + selfId).factory());
        heartbeat.scheduleWithFixedDelay(this::beat, 0, 250, TimeUnit.MILLISECONDS);
    }

    private static void requireLoopback(String host) {
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("host " + host + " is not a loopback address: a cluster port"
                        + " beyond loopback needs TLS between nodes, which Trellis does not configure yet;"
                        + " bind 127.0.0.1");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host " + host + " does not resolve", e);
        }
    }

    private Behavior<Void> guardian() {
        return Behaviors.setup(ctx -> {
            ActorRef<NodeMessage> ep = ctx.spawn(endpointBehavior(), "trellis-agent");
            endpoint.complete(ep);
            ctx.spawn(Behaviors.<ClusterEvent.MemberRemoved>setup(c -> {
                Cluster.get(c.getSystem()).subscriptions().tell(Subscribe.create(c.getSelf(),
                        ClusterEvent.MemberRemoved.class));
                return Behaviors.receiveMessage(e -> {
                    memberRemoved(e.member().address());
                    return Behaviors.same();
                });
            }), "trellis-membership");
            return Behaviors.empty();
        });
    }

    private Behavior<NodeMessage> endpointBehavior() {
        return Behaviors.receiveMessage(m -> {
            switch (m) {
                case View v -> view(v);
                case NameAnswer a -> {
                    CompletableFuture<NameAnswer> f = answers.remove(a.requestId());
                    if (f != null) {
                        f.complete(a);
                    }
                }
                default -> deliver(m);
            }
            return Behaviors.same();
        });
    }

    private void deliver(NodeMessage m) {
        PeerListener l = listener;
        if (l == null) {
            early.add(m);
        } else {
            l.onMessage("?", m);
        }
    }

    private void view(View v) {
        var seen = new HashMap<String, Member>();
        for (Member m : v.members()) {
            if (!removed.contains(m.report().nodeId())) {
                seen.put(m.report().nodeId(), m);
                nodeByAddress.putIfAbsent(m.endpoint().path().address(), m.report().nodeId());
            }
        }
        members.putAll(seen);
        members.keySet().retainAll(seen.keySet());
    }

    private void memberRemoved(Address address) {
        String node = nodeByAddress.get(address);
        if (node == null || !removed.add(node)) {
            return;
        }
        members.remove(node);
        LOG.info("node {} ({}) left the cluster", node, address);
        PeerListener l = listener;
        if (l != null) {
            l.onNodeRemoved(node);
        }
    }

    private void beat() {
        try {
            ActorRef<NodeMessage> ep = endpoint.getNow(null);
            if (ep != null) {
                directory.tell(new Heartbeat(report, ep, Map.copyOf(hostedNames)));
                if (members.get(selfId) == null) {
                    members.put(selfId, new Member(report, ep));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("heartbeat failed: {}", e.toString());
        }
    }

    /** The address other nodes reach this node at ({@code host:port}). */
    public String address() {
        Address a = Cluster.get(system).selfMember().address();
        return a.host().get() + ":" + a.port().get();
    }

    /** The port Artery bound. */
    public int port() {
        return (Integer) Cluster.get(system).selfMember().address().port().get();
    }

    @Override
    public String selfId() {
        return selfId;
    }

    @Override
    public List<NodeReport> nodes() {
        var out = new ArrayList<NodeReport>();
        boolean selfListed = false;
        for (Member m : members.values()) {
            if (m.report().nodeId().equals(selfId)) {
                out.add(report);
                selfListed = true;
            } else {
                out.add(m.report());
            }
        }
        if (!selfListed) {
            out.add(report);
        }
        return out;
    }

    @Override
    public boolean send(String nodeId, NodeMessage message) {
        Member m = members.get(nodeId);
        if (m == null || removed.contains(nodeId)) {
            return false;
        }
        m.endpoint().tell(message);
        return true;
    }

    @Override
    public void report(NodeReport report) {
        this.report = report;
    }

    @Override
    public void listen(PeerListener listener) {
        this.listener = listener;
        NodeMessage m;
        while ((m = early.poll()) != null) {
            listener.onMessage("?", m);
        }
    }

    @Override
    public CompletionStage<Boolean> registerName(String name, String location) {
        return ask(id -> new ClaimName(id, name, location, endpoint.join())).thenApply(a -> {
            if (a.claimed()) {
                hostedNames.put(name, location);
            }
            return a.claimed();
        });
    }

    @Override
    public CompletionStage<Optional<String>> lookupName(String name) {
        return ask(id -> new LookupName(id, name, endpoint.join())).thenApply(a -> Optional.ofNullable(a.location()));
    }

    @Override
    public void unregisterName(String name) {
        String location = hostedNames.remove(name);
        if (location != null) {
            directory.tell(new ReleaseName(name, location));
        }
    }

    private CompletableFuture<NameAnswer> ask(java.util.function.Function<String, DirectoryMessage> message) {
        String id = UUID.randomUUID().toString();
        var answer = new CompletableFuture<NameAnswer>();
        answers.put(id, answer);
        directory.tell(message.apply(id));
        return answer.orTimeout(15, TimeUnit.SECONDS).whenComplete((a, e) -> answers.remove(id));
    }

    /** Waits until this node sees {@code count} nodes (itself included), up to {@code timeout}. */
    public boolean awaitMembers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (members.size() >= count) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Leave.create(cluster.selfMember().address()));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && cluster.selfMember().status() != org.apache.pekko.cluster.MemberStatus.removed()
                    && cluster.selfMember().status() != org.apache.pekko.cluster.MemberStatus.exiting()) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("leaving the cluster failed: {}", e.toString());
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("actor system did not stop in time: {}", e.toString());
        }
    }
}
