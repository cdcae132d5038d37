package dev.trellis.serve.internal.cluster;

import dev.trellis.serve.internal.messages.ControllerCommand;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * The controller's desired state on a cluster, where it survives the controller's node: one
 * entry per application (its config entry and route prefix, as JSON text) in a Pekko
 * Distributed Data map replicated to every node. Writes go to all nodes at once
 * ({@code WriteAll}, falling back to gossip for nodes that do not answer in time); a controller
 * that starts on another node reads its own node's copy.
 */
public final class ServeStateStore {
    static final Key<LWWMap<String, String>> KEY = LWWMapKey.create("trellis-serve-applications");
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final org.apache.pekko.actor.typed.ActorRef<Replicator.Command> replicator;
    private final SelfUniqueAddress self;

    public ServeStateStore(ActorSystem<?> system) {
        var data = DistributedData.get(system);
        this.replicator = data.replicator();
        this.self = data.selfUniqueAddress();
    }

    /** Records {@code application}'s entry. */
    public void put(ActorContext<?> ctx, String application, String json) {
        replicator.tell(new Replicator.Update<>(KEY, LWWMap.<String, String>empty(),
                new Replicator.WriteAll(WRITE_TIMEOUT), ctx.getSystem().ignoreRef(), m -> m.put(self, application, json)));
    }

    /** Forgets {@code application}. */
    public void remove(ActorContext<?> ctx, String application) {
        replicator.tell(new Replicator.Update<>(KEY, LWWMap.<String, String>empty(),
                new Replicator.WriteAll(WRITE_TIMEOUT), ctx.getSystem().ignoreRef(), m -> m.remove(self, application)));
    }

    /**
     * Reads this node's copy; {@code loaded} turns the entries (empty when there are none) into the
     * controller's message, and {@code failed} a failed read (the replicator did not answer in
     * time), which the controller retries: taking a failed read for "no applications" would make
     * a new controller stop every running replica as an orphan.
     */
    public void load(ActorContext<ControllerCommand> ctx, Function<Map<String, String>, ControllerCommand> loaded,
                     Function<String, ControllerCommand> failed) {
        ctx.ask(Replicator.GetResponse.class, replicator, READ_TIMEOUT,
                (org.apache.pekko.actor.typed.ActorRef<Replicator.GetResponse> replyTo) ->
                        new Replicator.Get<>(KEY, Replicator.readLocal(), (org.apache.pekko.actor.typed.ActorRef) replyTo),
                (response, failure) -> {
                    if (response instanceof Replicator.GetSuccess<?> success) {
                        @SuppressWarnings("unchecked")
                        LWWMap<String, String> map = (LWWMap<String, String>) success.get(KEY);
                        return loaded.apply(Map.copyOf(map.getEntries()));
                    }
                    if (response instanceof Replicator.NotFound<?>) {
                        return loaded.apply(Map.of());
                    }
                    return failed.apply(failure != null ? failure.toString() : String.valueOf(response));
                });
    }
}
