package dev.trellis.serve.internal.cluster;

import dev.trellis.core.internal.NodeAgent;
import dev.trellis.serve.internal.controller.ResourceLedger;
import dev.trellis.serve.internal.controller.ServeController;
import dev.trellis.serve.internal.messages.AgentCommand;
import dev.trellis.serve.internal.messages.AppsUpdate;
import dev.trellis.serve.internal.messages.ControllerCommand;
import dev.trellis.serve.internal.messages.ListReplicas;
import dev.trellis.serve.internal.messages.HostCommand;
import dev.trellis.serve.internal.messages.KnownClasses;
import dev.trellis.serve.internal.messages.LoadReporting;
import dev.trellis.serve.internal.messages.ReplicaCommand;
import dev.trellis.serve.internal.messages.ReplicaEvent;
import dev.trellis.serve.internal.messages.ReplicaPlacement;
import dev.trellis.serve.internal.messages.RouterUpdate;
import dev.trellis.serve.internal.messages.StartReplica;
import dev.trellis.serve.internal.messages.StopReplica;
import dev.trellis.serve.internal.replica.ReplicaActor;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A node's replica host (one per node of a cluster, found by the controller through the
 * receptionist under {@link #KEY}): starts the replicas the controller places on this node, as
 * its children, taking their resources from the node's ledger and giving them back when they
 * stop; hands the controller's routing messages to the node's handle agent and its application
 * list to the node's HTTP proxy. Replicas outlive the controller: if its node dies they keep
 * serving, and the next controller finds them here.
 */
public final class ReplicaHost extends AbstractBehavior<HostCommand> {
    public static final ServiceKey<HostCommand> KEY = ServiceKey.create(HostCommand.class, "trellis-serve-hosts");

    private final NodeAgent node;
    private final ActorRef<AgentCommand> agent;
    private final ServeController.ReplicaSetupFactory setups;
    private final KnownClasses classes;
    private final Consumer<AppsUpdate> apps;
    /** Where replicas' reports go: the cluster's controller, wherever it runs now (its singleton proxy). */
    private final ActorRef<ControllerCommand> controller;
    /** What replicas here report to: this host, which notes who has started and passes everything on. */
    private final ActorRef<ControllerCommand> relay;
    private final Map<String, Running> replicas = new HashMap<>();
    private int spawned;

    private static final class Running {
        final StartReplica start;
        final ActorRef<ReplicaCommand> ref;
        final NodeAgent.Reservation reservation;
        boolean started;

        Running(StartReplica start, ActorRef<ReplicaCommand> ref, NodeAgent.Reservation reservation) {
            this.start = start;
            this.ref = ref;
            this.reservation = reservation;
        }
    }

    private record ReplicaStopped(String replicaId) implements HostCommand, NoSerializationVerificationNeeded {
    }

    /** A replica's report to the controller, on its way through this host. */
    private record Relay(ControllerCommand event) implements HostCommand, NoSerializationVerificationNeeded {
    }

    public static Behavior<HostCommand> create(NodeAgent node, ActorRef<AgentCommand> agent,
                                               ServeController.ReplicaSetupFactory setups, KnownClasses classes,
                                               Consumer<AppsUpdate> apps, ActorRef<ControllerCommand> controller) {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
            return new ReplicaHost(ctx, node, agent, setups, classes, apps, controller);
        });
    }

    private ReplicaHost(ActorContext<HostCommand> ctx, NodeAgent node, ActorRef<AgentCommand> agent,
                        ServeController.ReplicaSetupFactory setups, KnownClasses classes, Consumer<AppsUpdate> apps,
                        ActorRef<ControllerCommand> controller) {
        super(ctx);
        this.controller = controller;
        this.relay = ctx.messageAdapter(ControllerCommand.class, Relay::new);
        ctx.setLoggerName(ReplicaHost.class);
        this.node = node;
        this.agent = agent;
        this.setups = setups;
        this.classes = classes;
        this.apps = apps;
    }

    @Override
    public Receive<HostCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartReplica.class, this::onStart)
                .onMessage(StopReplica.class, this::onStop)
                .onMessage(ReplicaStopped.class, this::onStopped)
                .onMessage(AppsUpdate.class, this::onApps)
                .onMessage(Relay.class, this::onRelay)
                .onMessage(ListReplicas.class, this::onList)
                .onMessage(RouterUpdate.class, u -> forward(u))
                .onMessage(LoadReporting.class, r -> forward(r))
                .build();
    }

    private Behavior<HostCommand> forward(AgentCommand command) {
        agent.tell(command);
        return this;
    }

    private Behavior<HostCommand> onApps(AppsUpdate update) {
        try {
            apps.accept(update);
        } catch (RuntimeException e) {
            getContext().getLog().error("applying the controller's application list failed", e);
        }
        return this;
    }

    private Behavior<HostCommand> onStart(StartReplica start) {
        String id = start.replicaId();
        if (replicas.containsKey(id)) {
            return this;
        }
        NodeAgent.Reservation reservation = node.tryReserve(ResourceLedger.HOLDER, start.resources());
        if (reservation == null) {
            start.controller().tell(new ReplicaPlacement.Refused(id, node.nodeId(), "node " + node.nodeId() + " has "
                    + node.available() + " free, the replica needs " + start.resources()));
            return this;
        }
        DeploymentSpec spec;
        try {
            spec = ReplicaSpecs.decode(start, ReplicaHost.class.getClassLoader());
            classes.register(spec.userClass());
        } catch (ClassNotFoundException | RuntimeException e) {
            reservation.release();
            getContext().getLog().warn("replica {} cannot start on this node: {}", id, e.toString());
            start.controller().tell(new ReplicaEvent.StartFailed(id, "node " + node.nodeId() + " cannot run "
                    + start.className() + ": " + e));
            return this;
        }
        ActorRef<ReplicaCommand> ref = getContext().spawn(ReplicaActor.create(setups.setup(id, spec, relay)),
                "replica-" + (++spawned));
        getContext().watchWith(ref, new ReplicaStopped(id));
        replicas.put(id, new Running(start, ref, reservation));
        start.controller().tell(new ReplicaPlacement.Placed(id, node.nodeId(), ref));
        return this;
    }

    private Behavior<HostCommand> onRelay(Relay relay) {
        if (relay.event() instanceof ReplicaEvent.Started started) {
            Running r = replicas.get(started.replicaId());
            if (r != null) {
                r.started = true;
            }
        }
        controller.tell(relay.event());
        return this;
    }

    private Behavior<HostCommand> onList(ListReplicas list) {
        var out = new java.util.ArrayList<ListReplicas.Replica>();
        replicas.values().forEach(r -> out.add(new ListReplicas.Replica(r.start, r.ref, r.started)));
        list.replyTo().tell(new ListReplicas.Hosted(node.nodeId(), out));
        return this;
    }

    private Behavior<HostCommand> onStop(StopReplica stop) {
        Running r = replicas.get(stop.replicaId());
        if (r != null) {
            getContext().stop(r.ref);
        }
        return this;
    }

    private Behavior<HostCommand> onStopped(ReplicaStopped stopped) {
        Running r = replicas.remove(stopped.replicaId());
        if (r != null) {
            r.reservation.release();
        }
        return this;
    }
}
