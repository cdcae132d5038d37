package dev.trellis.core.internal.cluster;

import dev.trellis.core.internal.cluster.AgentProtocol.DirectoryView;
import dev.trellis.core.internal.cluster.AgentProtocol.NameReleased;
import dev.trellis.core.internal.cluster.DirectoryProtocol.Command;
import dev.trellis.core.internal.cluster.DirectoryProtocol.Heartbeat;
import dev.trellis.core.internal.cluster.DirectoryProtocol.LookupName;
import dev.trellis.core.internal.cluster.DirectoryProtocol.MemberChanged;
import dev.trellis.core.internal.cluster.DirectoryProtocol.NameClaimed;
import dev.trellis.core.internal.cluster.DirectoryProtocol.NameLocation;
import dev.trellis.core.internal.cluster.DirectoryProtocol.RegisterName;
import dev.trellis.core.internal.cluster.DirectoryProtocol.RestoreNames;
import dev.trellis.core.internal.cluster.DirectoryProtocol.UnregisterName;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The cluster's directory: the latest report of every node and the named-actor registry. A
 * Pekko cluster singleton on the oldest node with role {@link ClusterRoles#DIRECTORY} (never a
 * driver). It holds nothing that cannot be rebuilt: every node re-sends its report each
 * heartbeat and its names when a new directory does not know them, so after the hosting node
 * dies the directory restarts empty on the next-oldest node and is whole again within about
 * one heartbeat. Entries of a removed member (its report, names whose location starts with
 * {@code nodeId/}) are dropped.
 */
public final class ClusterDirectory extends AbstractBehavior<Command> {
    /** The singleton's name. */
    public static final String NAME = "trellis-directory";

    private static final int MAX_TOMBSTONES = 1024;

    private record NameEntry(String location, ActorRef<AgentProtocol.Command> registrar) {
    }

    private final String incarnation = UUID.randomUUID().toString();
    private final String selfNodeId;
    private long version;
    private final Map<String, NodeReport> reports = new TreeMap<>();
    private final Map<String, Long> memberUids = new HashMap<>();
    private final Set<Long> removedUids = new LinkedHashSet<>();
    private final Map<String, NameEntry> names = new HashMap<>();
    private final Set<String> namesKnown = new HashSet<>();

    private ClusterDirectory(ActorContext<Command> context) {
        super(context);
        var cluster = Cluster.get(context.getSystem());
        this.selfNodeId = ClusterRoles.nodeIdOf(cluster.selfMember()).orElse("?");
        ActorRef<ClusterEvent.MemberEvent> events = context.messageAdapter(ClusterEvent.MemberEvent.class,
                MemberChanged::new);
        cluster.subscriptions().tell(Subscribe.create(events, ClusterEvent.MemberEvent.class));
        context.getLog().info("Trellis directory started on node {} (incarnation {})", selfNodeId, incarnation);
    }

    /** The directory's behavior (what the singleton manager runs). */
    public static Behavior<Command> create() {
        return Behaviors.setup(ClusterDirectory::new);
    }

    /**
     * Starts the singleton manager (on nodes with the directory role) and returns a proxy to
     * wherever the directory runs; messages wait in the proxy while it moves.
     */
    public static ActorRef<Command> init(org.apache.pekko.actor.typed.ActorSystem<?> system) {
        var settings = ClusterSingletonSettings.create(system).withRole(ClusterRoles.DIRECTORY);
        return ClusterSingleton.get(system).init(SingletonActor.of(create(), NAME).withSettings(settings));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Heartbeat.class, this::onHeartbeat)
                .onMessage(RegisterName.class, this::onRegister)
                .onMessage(LookupName.class, this::onLookup)
                .onMessage(UnregisterName.class, this::onUnregister)
                .onMessage(RestoreNames.class, this::onRestore)
                .onMessage(MemberChanged.class, this::onMemberChanged)
                .build();
    }

    private Behavior<Command> onHeartbeat(Heartbeat beat) {
        if (removedUids.contains(beat.memberUid())) {
            return this;
        }
        String nodeId = beat.report().nodeId();
        memberUids.put(nodeId, beat.memberUid());
        NodeReport previous = reports.put(nodeId, beat.report());
        if (!beat.report().equals(previous)) {
            version++;
        }
        boolean current = incarnation.equals(beat.knownIncarnation()) && version == beat.knownVersion();
        beat.agent().tell(new DirectoryView(incarnation, version, selfNodeId,
                current ? null : List.copyOf(reports.values()), namesKnown.contains(nodeId)));
        return this;
    }

    private Behavior<Command> onRegister(RegisterName register) {
        NameEntry existing = names.get(register.name());
        boolean claimed = existing == null || existing.location().equals(register.location())
                || (register.replacedPrefix() != null && existing.location().startsWith(register.replacedPrefix()));
        if (claimed) {
            names.put(register.name(), new NameEntry(register.location(), register.registrar()));
        }
        register.replyTo().tell(new NameClaimed(claimed));
        return this;
    }

    private Behavior<Command> onLookup(LookupName lookup) {
        NameEntry entry = names.get(lookup.name());
        lookup.replyTo().tell(new NameLocation(entry == null ? null : entry.location()));
        return this;
    }

    private Behavior<Command> onUnregister(UnregisterName unregister) {
        NameEntry entry = names.remove(unregister.name());
        if (entry != null && entry.registrar() != null) {
            entry.registrar().tell(new NameReleased(unregister.name()));
        }
        return this;
    }

    private Behavior<Command> onRestore(RestoreNames restore) {
        restore.names().forEach((name, location) -> {
            NameEntry existing = names.get(name);
            if (existing == null || existing.location().equals(location)) {
                names.put(name, new NameEntry(location, restore.registrar()));
            } else {
                getContext().getLog().warn("name '{}' of node {} was claimed meanwhile by {}; {} loses it",
                        name, restore.nodeId(), existing.location(), location);
                restore.registrar().tell(new NameReleased(name));
            }
        });
        namesKnown.add(restore.nodeId());
        return this;
    }

    private Behavior<Command> onMemberChanged(MemberChanged changed) {
        if (changed.event() instanceof ClusterEvent.MemberRemoved || changed.event() instanceof ClusterEvent.MemberDowned) {
            Member member = changed.event().member();
            ClusterRoles.nodeIdOf(member).ifPresent(nodeId -> forget(nodeId, member.uniqueAddress().longUid()));
        }
        return this;
    }

    private void forget(String nodeId, long uid) {
        removedUids.add(uid);
        if (removedUids.size() > MAX_TOMBSTONES) {
            removedUids.remove(removedUids.iterator().next());
        }
        Long known = memberUids.get(nodeId);
        if (known != null && known != uid) {
            return; // a newer incarnation of the same node id already reports
        }
        memberUids.remove(nodeId);
        namesKnown.remove(nodeId);
        if (reports.remove(nodeId) != null) {
            version++;
        }
        String prefix = nodeId + "/";
        names.values().removeIf(entry -> entry.location().startsWith(prefix));
    }
}
