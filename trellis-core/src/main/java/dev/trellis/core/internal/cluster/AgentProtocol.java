package dev.trellis.core.internal.cluster;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.cluster.ClusterEvent;

/** The messages a node's agent endpoint takes: from other nodes, from the directory and from itself. */
public final class AgentProtocol {
    private AgentProtocol() {
    }

    /** Everything the agent endpoint handles. */
    public sealed interface Command permits PeerEnvelope, DirectoryView, NameReleased, Tick, Listen, MemberChanged {
    }

    /**
     * A {@link NodeMessage} from node {@code from}: the message's registry tag and its CBOR bytes.
     * The inner message is encoded on its own because its type is only known by its tag.
     */
    public record PeerEnvelope(String from, String tag, byte[] payload) implements Command, TrellisSerializable {
        public PeerEnvelope {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * The directory's answer to a heartbeat.
     *
     * @param incarnation changes whenever the directory (re)starts, e.g. after it moved to another node
     * @param version the version of the node list; increases with every change
     * @param directoryNodeId the node hosting the directory
     * @param nodes every report the directory holds; null when the node already has this version
     * @param namesKnown false when the directory has not heard this node's names yet ({@link DirectoryProtocol.RestoreNames})
     */
    public record DirectoryView(String incarnation, long version, String directoryNodeId, List<NodeReport> nodes,
                                boolean namesKnown) implements Command, TrellisSerializable {
        public DirectoryView {
            nodes = nodes == null ? null : List.copyOf(nodes);
        }
    }

    /** A name this node registered is no longer its own (unregistered elsewhere, or lost to another claim). */
    public record NameReleased(String name) implements Command, TrellisSerializable {
    }

    /** Time to heartbeat (local only). */
    enum Tick implements Command, NoSerializationVerificationNeeded {
        INSTANCE
    }

    /** Sets the listener and delivers what waited for it (local only). */
    record Listen(PeerListener listener) implements Command, NoSerializationVerificationNeeded {
    }

    /** A membership change (local only). */
    record MemberChanged(ClusterEvent.MemberEvent event) implements Command, NoSerializationVerificationNeeded {
    }
}
