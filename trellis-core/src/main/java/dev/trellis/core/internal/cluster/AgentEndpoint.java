package dev.trellis.core.internal.cluster;

import dev.trellis.core.internal.cluster.AgentProtocol.Command;
import dev.trellis.core.internal.cluster.AgentProtocol.DirectoryView;
import dev.trellis.core.internal.cluster.AgentProtocol.Listen;
import dev.trellis.core.internal.cluster.AgentProtocol.MemberChanged;
import dev.trellis.core.internal.cluster.AgentProtocol.NameReleased;
import dev.trellis.core.internal.cluster.AgentProtocol.PeerEnvelope;
import dev.trellis.core.internal.cluster.AgentProtocol.Tick;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A node's well-known agent endpoint ({@code /system/trellis-agent} on every node): delivers
 * the {@link NodeMessage}s other nodes send to the {@link PeerListener} (keeping what arrives
 * before there is one), follows membership, heartbeats this node's report to the directory and
 * keeps the directory's view for {@link ClusterPeers#nodes()}.
 */
final class AgentEndpoint extends AbstractBehavior<Command> {
    /** The endpoint's actor name under {@code /system}. */
    static final String NAME = "trellis-agent";

    private final PeerState state;
    private final ActorRef<DirectoryProtocol.Command> directory;
    private final PeerCodec codec;
    private final UniqueAddress selfAddress;
    private final ActorRefResolver resolver;
    private final ArrayDeque<Consumer<PeerListener>> waiting = new ArrayDeque<>();
    private PeerListener listener;
    private String knownIncarnation = "";
    private long knownVersion = -1;

    private AgentEndpoint(ActorContext<Command> context, PeerState state, ActorRef<DirectoryProtocol.Command> directory,
                          PeerCodec codec) {
        super(context);
        this.state = state;
        this.directory = directory;
        this.codec = codec;
        var cluster = Cluster.get(context.getSystem());
        this.selfAddress = cluster.selfMember().uniqueAddress();
        this.resolver = ActorRefResolver.get(context.getSystem());
        ActorRef<ClusterEvent.MemberEvent> events = context.messageAdapter(ClusterEvent.MemberEvent.class,
                MemberChanged::new);
        cluster.subscriptions().tell(Subscribe.create(events, ClusterEvent.MemberEvent.class));
    }

    static Behavior<Command> create(PeerState state, ActorRef<DirectoryProtocol.Command> directory, PeerCodec codec,
                                    Duration heartbeatInterval) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ZERO, heartbeatInterval);
            return new AgentEndpoint(context, state, directory, codec);
        }));
    }

    /** The path of the endpoint of the node at {@code address}. */
    static String pathOf(Address address) {
        return address + "/system/" + NAME;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PeerEnvelope.class, this::onEnvelope)
                .onMessage(DirectoryView.class, this::onView)
                .onMessage(NameReleased.class, released -> {
                    state.ownNames.remove(released.name());
                    return this;
                })
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onMessage(Listen.class, this::onListen)
                .onMessage(MemberChanged.class, this::onMemberChanged)
                .onSignal(PostStop.class, signal -> {
                    state.members.clear();
                    state.removed.complete(null);
                    return this;
                })
                .build();
    }

    private Behavior<Command> onEnvelope(PeerEnvelope envelope) {
        try {
            NodeMessage message = codec.decode(envelope);
            deliver(l -> l.onMessage(envelope.from(), message));
        } catch (NotSerializableException | RuntimeException e) {
            getContext().getLog().warn("dropped a message from node {} that does not decode: {}", envelope.from(),
                    e.toString());
        }
        return this;
    }

    private Behavior<Command> onView(DirectoryView view) {
        state.directoryNodeId = view.directoryNodeId();
        if (view.nodes() != null) {
            var listed = new HashSet<String>();
            for (NodeReport report : view.nodes()) {
                listed.add(report.nodeId());
                if (!report.nodeId().equals(state.selfId)) {
                    state.reports.put(report.nodeId(), report);
                }
            }
            state.reports.keySet().removeIf(id -> !listed.contains(id) && !state.members.containsKey(id));
            knownIncarnation = view.incarnation();
            knownVersion = view.version();
        }
        if (!view.namesKnown()) {
            directory.tell(new DirectoryProtocol.RestoreNames(state.selfId, Map.copyOf(state.ownNames),
                    getContext().getSelf()));
        }
        return this;
    }

    private Behavior<Command> onTick() {
        int dropped = state.expireHeld(System.nanoTime());
        if (dropped > 0) {
            getContext().getLog().warn("dropped {} message(s) held for nodes that never joined or left", dropped);
        }
        directory.tell(new DirectoryProtocol.Heartbeat(state.selfReport, selfAddress.longUid(), knownIncarnation,
                knownVersion, getContext().getSelf()));
        return this;
    }

    private Behavior<Command> onListen(Listen listen) {
        listener = listen.listener();
        while (!waiting.isEmpty()) {
            deliver(waiting.poll());
        }
        return this;
    }

    private Behavior<Command> onMemberChanged(MemberChanged changed) {
        Member member = changed.event().member();
        String nodeId = ClusterRoles.nodeIdOf(member).orElse(null);
        if (nodeId == null) {
            return this;
        }
        boolean self = member.uniqueAddress().equals(selfAddress);
        boolean gone = changed.event() instanceof ClusterEvent.MemberRemoved
                || changed.event() instanceof ClusterEvent.MemberDowned;
        if (self) {
            if (gone) {
                state.members.remove(nodeId);
                state.removed.complete(null);
            } else {
                if (changed.event() instanceof ClusterEvent.MemberUp) {
                    state.up.complete(null);
                }
                state.members.putIfAbsent(nodeId, new PeerState.Endpoint(selfAddress, getContext().getSelf()));
            }
            return this;
        }
        PeerState.Endpoint known = state.members.get(nodeId);
        boolean sameIncarnation = known != null && known.address().equals(member.uniqueAddress());
        if (gone) {
            if (sameIncarnation && state.members.remove(nodeId, known)) {
                nodeRemoved(nodeId);
            }
        } else if (!sameIncarnation) {
            if (known != null) {
                nodeRemoved(nodeId); // the node restarted under the same id: its old incarnation is gone
            }
            ActorRef<Command> ref = resolver.resolveActorRef(pathOf(member.address()));
            state.addMember(nodeId, new PeerState.Endpoint(member.uniqueAddress(), ref));
        }
        return this;
    }

    private void nodeRemoved(String nodeId) {
        getContext().getLog().info("Trellis node {} was removed from the cluster", nodeId);
        state.reports.remove(nodeId);
        state.gone.add(nodeId);
        String prefix = nodeId + "/";
        state.ownNames.values().removeIf(location -> location.startsWith(prefix));
        deliver(l -> l.onNodeRemoved(nodeId));
    }

    private void deliver(Consumer<PeerListener> event) {
        if (listener == null) {
            waiting.add(event);
            return;
        }
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            getContext().getLog().error("the peer listener failed", e);
        }
    }
}
