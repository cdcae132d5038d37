package dev.trellis.core.internal.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.trellis.core.Resources;
import dev.trellis.core.internal.ActorSystems;
import dev.trellis.core.internal.cluster.AgentProtocol.PeerEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.Leave;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's {@link Peers}: a Pekko Cluster member with its own actor system. The node
 * joins the seed (a head without a seed starts the cluster), serves an agent endpoint at
 * {@code /system/trellis-agent} and reaches the {@link ClusterDirectory} singleton through a
 * proxy.
 *
 * <ul>
 *   <li>{@link #send} goes straight to the target's endpoint; Artery keeps the order of messages
 *       between two nodes. It returns false for a node that is not a member (never joined, or
 *       downed or removed), and throws for a message too large for one frame.</li>
 *   <li>{@link #nodes} is a local read: the directory's reports (refreshed every heartbeat),
 *       limited to members that are neither downed nor removed, with this node's latest report.</li>
 *   <li>{@link PeerListener#onNodeRemoved} fires when a member is downed or removed: after a
 *       graceful leave within seconds, after a crash once the failure detector suspects it
 *       ({@code acceptableHeartbeatPause} and a little more) and the split brain resolver downs it
 *       ({@code stableAfter} later). A node whose heartbeats stop but that stays reachable is not
 *       removed.</li>
 *   <li>Names are claimed at the directory; this node keeps the names it claimed and re-sends
 *       them when a new directory (after the singleton moved) does not know them yet. A claim
 *       or lookup completes exceptionally with a {@code TimeoutException} when the directory does
 *       not answer within {@code directoryTimeout}, e.g. while it moves after its node crashed
 *       (about {@code 2 * stableAfter} plus failure detection); callers retry.</li>
 *   <li>When this node itself is downed (it was on the minority side of a partition) its actor
 *       system stops: {@link #whenStopped()} completes and {@link #send} returns false.</li>
 * </ul>
 *
 * <p>Do not call {@link #close()} from a listener callback: it waits for the leave.
 */
public final class ClusterPeers implements Peers {
    /** The actor system name of every node ({@link ActorSystems#CLUSTER_SYSTEM_NAME}). */
    public static final String SYSTEM_NAME = ActorSystems.CLUSTER_SYSTEM_NAME;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPeers.class);
    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(10);

    private final ClusterOptions options;
    private final ActorSystem<Void> system;
    private final Cluster cluster;
    private final PeerState state;
    private final PeerCodec codec;
    private final ActorRef<AgentProtocol.Command> agent;
    private final ActorRef<DirectoryProtocol.Command> directory;
    private final CompletableFuture<?> terminated;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterPeers(ClusterOptions options, Config overrides) {
        this.options = options;
        this.system = ActorSystems.cluster(Behaviors.empty(), ActorSystems.CLUSTER_SYSTEM_NAME, options, overrides);
        try {
            this.terminated = system.getWhenTerminated().toCompletableFuture();
            this.cluster = Cluster.get(system);
            this.state = new PeerState(options.nodeId(), new NodeReport(options.nodeId(), address(), options.role(),
                    Resources.NONE, Resources.NONE, 0, List.of(), 0, 0, 0));
            this.codec = new PeerCodec(system);
            this.directory = ClusterDirectory.init(system);
            this.agent = system.systemActorOf(AgentEndpoint.create(state, directory, codec,
                    options.heartbeatInterval()), AgentEndpoint.NAME, Props.empty());
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /**
     * Starts a node with the default options but these and joins the cluster (the same as
     * {@link #start} with {@link ClusterOptions}).
     *
     * @param seed the head's {@code host:port}, or null for a head that starts the cluster
     * @param initial this node's first report; null for an empty one
     */
    public ClusterPeers(String selfId, String role, String host, int port, String seed, NodeReport initial) {
        this(selfId, role, host, port, seed, initial, null);
    }

    /** As above, over TLS with {@code tls} (null: plain TCP, loopback only). */
    public ClusterPeers(String selfId, String role, String host, int port, String seed, NodeReport initial,
                        TlsOptions tls) {
        this(selfId, role, host, port, seed, initial, tls, FailureDetectorOptions.DEFAULTS);
    }

    /** As above, with the failure detector's and the split brain resolver's timing {@code failureDetector}. */
    public ClusterPeers(String selfId, String role, String host, int port, String seed, NodeReport initial,
                        TlsOptions tls, FailureDetectorOptions failureDetector) {
        this(failureDetector.applyTo(ClusterOptions.builder().nodeId(selfId).role(role).host(host).port(port)
                        .seed(seed).tls(tls)).build(),
                ConfigFactory.empty());
        if (initial != null) {
            report(initial);
        }
        join();
    }

    /** This node's actor system (the cluster member), for the libraries that run on the node. */
    public ActorSystem<Void> actorSystem() {
        return system;
    }

    /**
     * Starts this node's actor system and joins the cluster: the seed of {@code options}, or
     * itself for a head without one. Returns at once; {@link #whenUp()} tells when the node is Up.
     *
     * @param overrides extra Pekko or Trellis settings (e.g. more {@code trellis.serialization.registries})
     */
    public static ClusterPeers start(ClusterOptions options, Config overrides) {
        var peers = new ClusterPeers(options, overrides);
        peers.join();
        return peers;
    }

    private void join() {
        if (options.seed() == null) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        } else {
            var seed = new Address("pekko", ActorSystems.CLUSTER_SYSTEM_NAME, options.seedHost(), options.seedPort());
            cluster.manager().tell(new JoinSeedNodes(List.of(seed)));
        }
        LOG.info("Trellis node {} ({}) at {} joining {}", options.nodeId(), options.role(), address(),
                options.seed() == null ? "itself" : options.seed());
    }

    /** Completes when this node is an Up member of the cluster. */
    public CompletionStage<Void> whenUp() {
        return state.up.copy();
    }

    /** Completes when this node was removed from the cluster (left or downed) or its actor system stopped. */
    public CompletionStage<Void> whenStopped() {
        return state.removed.copy();
    }

    /** This node's address, {@code host:port}, with the port it actually bound. */
    public String address() {
        Address self = cluster.selfMember().address();
        return self.getHost().orElse(options.host()) + ":" + self.getPort().orElse(options.port());
    }

    /** The node hosting the directory, as of the last heartbeat's answer; empty before the first one. */
    public Optional<String> directoryNodeId() {
        return Optional.ofNullable(state.directoryNodeId);
    }

    /** The port this node bound. */
    public int port() {
        return cluster.selfMember().address().getPort().orElse(options.port());
    }

    /** Waits (polling, bounded) until this node sees {@code count} members, itself included. */
    public boolean awaitMembers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state.members.size() < count) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** The options this node started with. */
    public ClusterOptions options() {
        return options;
    }

    @Override
    public String selfId() {
        return state.selfId;
    }

    @Override
    public List<NodeReport> nodes() {
        var nodes = new ArrayList<NodeReport>();
        nodes.add(state.selfReport);
        state.reports.forEach((id, report) -> {
            if (state.members.containsKey(id)) {
                nodes.add(report);
            }
        });
        nodes.sort(Comparator.comparing(NodeReport::nodeId));
        return List.copyOf(nodes);
    }

    @Override
    public boolean send(String nodeId, NodeMessage message) {
        Objects.requireNonNull(message, "message");
        if (closed.get() || state.gone.contains(nodeId)) {
            return false;
        }
        PeerEnvelope envelope = codec.encode(state.selfId, message);
        PeerState.Endpoint endpoint = state.members.get(nodeId);
        if (endpoint == null) {
            if (state.holdUntilJoined(nodeId, envelope, System.nanoTime())) {
                return true;
            }
            endpoint = state.members.get(nodeId);
            if (endpoint == null) {
                return false;
            }
        }
        endpoint.ref().tell(envelope);
        return true;
    }

    @Override
    public void report(NodeReport report) {
        if (!state.selfId.equals(report.nodeId())) {
            throw new IllegalArgumentException("a report of node '" + report.nodeId() + "' given to node '"
                    + state.selfId + "'");
        }
        state.selfReport = report;
    }

    @Override
    public void listen(PeerListener listener) {
        agent.tell(new AgentProtocol.Listen(Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public CompletionStage<Boolean> registerName(String name, String location) {
        return claim(name, location, null);
    }

    @Override
    public CompletionStage<Boolean> takeOverName(String name, String location, String replacedPrefix) {
        return claim(name, location, Objects.requireNonNull(replacedPrefix, "replacedPrefix"));
    }

    private CompletionStage<Boolean> claim(String name, String location, String replacedPrefix) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        CompletionStage<DirectoryProtocol.NameClaimed> reply = AskPattern.ask(directory,
                replyTo -> new DirectoryProtocol.RegisterName(name, location, replacedPrefix, agent, replyTo),
                options.directoryTimeout(), system.scheduler());
        return reply.thenApplyAsync(claimed -> {
            if (claimed.claimed()) {
                state.ownNames.put(name, location);
            }
            return claimed.claimed();
        }, executor());
    }

    @Override
    public CompletionStage<Optional<String>> lookupName(String name) {
        Objects.requireNonNull(name, "name");
        CompletionStage<DirectoryProtocol.NameLocation> reply = AskPattern.ask(directory,
                replyTo -> new DirectoryProtocol.LookupName(name, replyTo), options.directoryTimeout(),
                system.scheduler());
        return reply.thenApplyAsync(found -> Optional.ofNullable(found.location()), executor());
    }

    @Override
    public void unregisterName(String name) {
        state.ownNames.remove(name);
        directory.tell(new DirectoryProtocol.UnregisterName(name));
    }

    /**
     * Leaves the cluster gracefully (the directory hands over if it runs here), waits until this
     * node is removed (at most the leave timeout), then stops the actor system.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!terminated.isDone() && cluster.selfMember().status() != MemberStatus.removed()) {
            cluster.manager().tell(Leave.create(cluster.selfMember().address()));
            if (!await(state.removed, options.leaveTimeout())) {
                LOG.warn("Trellis node {} was not removed within {} of leaving; stopping anyway", state.selfId,
                        options.leaveTimeout());
            }
        }
        system.terminate();
        if (!await(terminated, TERMINATE_TIMEOUT)) {
            LOG.warn("the actor system of Trellis node {} did not stop within {}", state.selfId, TERMINATE_TIMEOUT);
        }
    }

    private Executor executor() {
        return system.executionContext();
    }

    private static boolean await(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
