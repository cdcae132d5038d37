package dev.trellis.core.internal.cluster;

import dev.trellis.core.internal.serialization.MessageRegistry;
import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** The cluster directory's protocol: heartbeats in, views and name answers out. */
public final class ClusterMessages implements MessageRegistry {
    /** Anything the directory singleton receives. */
    public sealed interface DirectoryMessage extends TrellisSerializable permits Heartbeat, ClaimName, LookupName,
            ReleaseName {
    }

    /** A node's latest report, its agent endpoint and the actor names it hosts (so a new directory rebuilds them). */
    public record Heartbeat(NodeReport report, ActorRef<NodeMessage> endpoint, Map<String, String> names)
            implements DirectoryMessage {
    }

    public record ClaimName(String requestId, String name, String location, ActorRef<NodeMessage> replyTo)
            implements DirectoryMessage {
    }

    public record LookupName(String requestId, String name, ActorRef<NodeMessage> replyTo) implements DirectoryMessage {
    }

    public record ReleaseName(String name, String location) implements DirectoryMessage {
    }

    /** One live node as the directory sees it. */
    public record Member(NodeReport report, ActorRef<NodeMessage> endpoint) {
    }

    /** The directory's view, pushed to every node after each round of heartbeats. */
    public record View(List<Member> members) implements NodeMessage {
    }

    /** The answer to {@link ClaimName} or {@link LookupName}. */
    public record NameAnswer(String requestId, boolean claimed, String location) implements NodeMessage {
    }

    @Override
    public Map<String, Class<? extends TrellisSerializable>> types() {
        return Map.of(
                "cluster.heartbeat", Heartbeat.class,
                "cluster.claim-name", ClaimName.class,
                "cluster.lookup-name", LookupName.class,
                "cluster.release-name", ReleaseName.class,
                "cluster.view", View.class,
                "cluster.name-answer", NameAnswer.class,
                "cluster.report", NodeReport.class);
    }
}
