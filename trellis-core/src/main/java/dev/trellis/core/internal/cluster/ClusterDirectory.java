package dev.trellis.core.internal.cluster;

import dev.trellis.core.internal.cluster.ClusterMessages.ClaimName;
import dev.trellis.core.internal.cluster.ClusterMessages.DirectoryMessage;
import dev.trellis.core.internal.cluster.ClusterMessages.Heartbeat;
import dev.trellis.core.internal.cluster.ClusterMessages.LookupName;
import dev.trellis.core.internal.cluster.ClusterMessages.Member;
import dev.trellis.core.internal.cluster.ClusterMessages.NameAnswer;
import dev.trellis.core.internal.cluster.ClusterMessages.ReleaseName;
import dev.trellis.core.internal.cluster.ClusterMessages.View;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The cluster directory (a Pekko ClusterSingleton on a head or worker node): the latest report
 * of every node and the cluster-wide actor names. It holds nothing that cannot be rebuilt: every
 * node sends its report and the names it hosts with each heartbeat, so a directory started on
 * another node after the old one's node died has the whole picture again within a heartbeat. A
 * node that has not sent a heartbeat for {@link #EXPIRY} is dropped from the view.
 */
final class ClusterDirectory {
    static final Duration EXPIRY = Duration.ofSeconds(6);

    private record Entry(Member member, long seenNanos) {
    }

    private ClusterDirectory() {
    }

    static Behavior<DirectoryMessage> create() {
        Map<String, Entry> nodes = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        return Behaviors.receive(DirectoryMessage.class)
                .onMessage(Heartbeat.class, h -> {
                    long now = System.nanoTime();
                    nodes.put(h.report().nodeId(), new Entry(new Member(h.report(), h.endpoint()), now));
                    h.names().forEach(names::putIfAbsent);
                    nodes.values().removeIf(e -> now - e.seenNanos > EXPIRY.toNanos());
                    names.values().removeIf(location -> !nodes.containsKey(location.substring(0, location.indexOf('/'))));
                    var view = new View(new ArrayList<>(nodes.values().stream().map(Entry::member).toList()));
                    h.endpoint().tell(view);
                    return Behaviors.same();
                })
                .onMessage(ClaimName.class, c -> {
                    String existing = names.putIfAbsent(c.name(), c.location());
                    c.replyTo().tell(new NameAnswer(c.requestId(), existing == null || existing.equals(c.location()),
                            existing == null ? c.location() : existing));
                    return Behaviors.same();
                })
                .onMessage(LookupName.class, l -> {
                    l.replyTo().tell(new NameAnswer(l.requestId(), false, names.get(l.name())));
                    return Behaviors.same();
                })
                .onMessage(ReleaseName.class, r -> {
                    names.remove(r.name(), r.location());
                    return Behaviors.same();
                })
                .build();
    }
}
