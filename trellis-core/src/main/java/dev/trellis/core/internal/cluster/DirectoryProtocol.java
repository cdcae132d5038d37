package dev.trellis.core.internal.cluster;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.ClusterEvent;

/** The messages the directory singleton takes, and its replies. */
public final class DirectoryProtocol {
    private DirectoryProtocol() {
    }

    /** Everything the directory handles. */
    public sealed interface Command permits Heartbeat, RegisterName, LookupName, UnregisterName, RestoreNames,
            MemberChanged {
    }

    /**
     * A node's latest report, sent every heartbeat interval. The reply is a {@link AgentProtocol.DirectoryView},
     * without its node list when the node already has the directory's current version.
     *
     * @param memberUid the sender's cluster incarnation, so a late heartbeat of a removed node is ignored
     */
    public record Heartbeat(NodeReport report, long memberUid, String knownIncarnation, long knownVersion,
                            ActorRef<AgentProtocol.Command> agent) implements Command, TrellisSerializable {
        public Heartbeat {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(agent, "agent");
        }
    }

    /**
     * Claims {@code name}; {@code registrar} is the node agent that will re-register it after the
     * directory moves. With {@code replacedPrefix} (else null) the claim also wins over an entry
     * whose location starts with it.
     */
    public record RegisterName(String name, String location, String replacedPrefix,
                               ActorRef<AgentProtocol.Command> registrar,
                               ActorRef<NameClaimed> replyTo) implements Command, TrellisSerializable {
    }

    /** Whether a {@link RegisterName} got the name. */
    public record NameClaimed(boolean claimed) implements TrellisSerializable {
    }

    /** Asks where {@code name} lives. */
    public record LookupName(String name, ActorRef<NameLocation> replyTo) implements Command, TrellisSerializable {
    }

    /** The location of a name; null when it is not registered. */
    public record NameLocation(String location) implements TrellisSerializable {
    }

    /** Releases {@code name}; its registrar hears {@link AgentProtocol.NameReleased}. */
    public record UnregisterName(String name) implements Command, TrellisSerializable {
    }

    /**
     * Every name {@code nodeId} registered, sent when a (new) directory does not know them yet.
     * A name claimed by another location meanwhile stays with that one, and the node hears
     * {@link AgentProtocol.NameReleased}.
     */
    public record RestoreNames(String nodeId, Map<String, String> names, ActorRef<AgentProtocol.Command> registrar)
            implements Command, TrellisSerializable {
        public RestoreNames {
            names = names == null ? Map.of() : Map.copyOf(names);
        }
    }

    /** A membership change, from the directory's own cluster subscription (local only). */
    record MemberChanged(ClusterEvent.MemberEvent event) implements Command, NoSerializationVerificationNeeded {
    }
}
