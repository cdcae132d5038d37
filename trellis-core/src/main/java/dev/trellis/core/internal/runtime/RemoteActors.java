package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorDiedException;
import dev.trellis.core.ActorLifetime;
import dev.trellis.core.ActorOptions;
import dev.trellis.core.Resources;
import dev.trellis.core.SchedulingStrategy;
import dev.trellis.core.TrellisException;
import dev.trellis.core.internal.cluster.Peers;
import dev.trellis.core.internal.runtime.CoreMessages.ActorReady;
import dev.trellis.core.internal.runtime.CoreMessages.CallActor;
import dev.trellis.core.internal.runtime.CoreMessages.CreateActor;
import dev.trellis.core.internal.runtime.CoreMessages.KillActor;
import dev.trellis.core.internal.runtime.CoreMessages.LocateActor;
import dev.trellis.core.internal.runtime.CoreMessages.TaskArg;
import dev.trellis.core.internal.scheduling.NodeScheduler;
import dev.trellis.core.internal.scheduling.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Actors across nodes (cluster mode), in three roles:
 * <ul>
 *   <li><b>owner</b> (the node that created the actor): places it on a node with the resources,
 *       creates it there, and when that node dies places it again (up to {@code maxRestarts});
 *       tells other nodes where it runs;</li>
 *   <li><b>caller</b> (any node with a handle): sends calls to the host in call order, keeps them
 *       until answered, and when the host dies retries them on the new host (up to
 *       {@code maxTaskRetries}) or fails them with {@link ActorDiedException};</li>
 *   <li><b>host</b>: runs the actor in its {@link ActorManager} and reports each start and its
 *       death to the owner; an actor whose owner dies dies with it unless it is detached.</li>
 * </ul>
 */
final class RemoteActors {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteActors.class);

    private final NodeRuntime runtime;
    private final Peers peers;
    private final ClusterAgent agent;
    private final String self;
    private final NodeScheduler placement;
    private final ConcurrentHashMap<String, ActorRoute> routes = new ConcurrentHashMap<>();
    /** Call id to the route it was sent through, until answered. */
    private final ConcurrentHashMap<String, ActorRoute> calls = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<ActorRoute> unplaced = new ConcurrentLinkedQueue<>();
    /** Placement-group actors whose bundle's node could not be reached; placed again on the next tick. */
    private final ConcurrentLinkedQueue<ActorRoute> retryPg = new ConcurrentLinkedQueue<>();

    /** One call made through a route; {@code retriesUsed} counts the hosts it was sent to again. */
    static final class Call {
        final FunctionRef method;
        final String name;
        final Object[] args;
        final OwnedObjects.Owned result;
        int retriesUsed;

        Call(FunctionRef method, String name, Object[] args, OwnedObjects.Owned result) {
            this.method = method;
            this.name = name;
            this.args = args;
            this.result = result;
        }

        String id() {
            return result.id;
        }
    }

    RemoteActors(NodeRuntime runtime, Peers peers, ClusterAgent agent) {
        this.runtime = runtime;
        this.peers = peers;
        this.agent = agent;
        this.self = peers.selfId();
        this.placement = new NodeScheduler(self);
    }

    // ---- owner

    /**
     * Where a new actor goes: null to host it on this node (its resources fit here, now or later),
     * else the route of an actor placed (or waiting to be placed) on another node.
     */
    ActorRoute create(String actorId, ActorOptions options, FunctionRef constructor, Object[] args, String className) {
        if (options.schedulingStrategy() instanceof SchedulingStrategy.InPlacementGroup) {
            // Where its bundle is: known once the group is placed, so always through a route (to this node too).
            var route = new ActorRoute(actorId, self, options, constructor, args, className);
            routes.put(actorId, route);
            place(route);
            return route;
        }
        Placement p = placement.place(options.resources(), options.schedulingStrategy(), agent.views());
        boolean here = switch (p) {
            case Placement.Placed placed -> placed.nodeId().equals(self);
            case Placement.Pending pending -> fitsHere(options);
            case Placement.Infeasible infeasible -> false;
        };
        if (here) {
            return null;
        }
        var route = new ActorRoute(actorId, self, options, constructor, args, className);
        routes.put(actorId, route);
        apply(route, p);
        return route;
    }

    private boolean fitsHere(ActorOptions options) {
        return agent.views().stream().anyMatch(v -> v.nodeId().equals(self)
                && options.resources().fitsIn(v.total()));
    }

    private void place(ActorRoute route) {
        if (route.options.schedulingStrategy() instanceof SchedulingStrategy.InPlacementGroup g) {
            runtime.placementGroups().target(g, route.options.resources(), "actor " + route.describe())
                    .whenComplete((t, e) -> {
                        if (e != null) {
                            die(route, PlacementGroups.error(e).getMessage());
                        } else {
                            sendCreate(route, t.node(), t.bundleKey());
                        }
                    });
            return;
        }
        apply(route, placement.place(route.options.resources(), route.options.schedulingStrategy(), agent.views()));
    }

    private void apply(ActorRoute route, Placement p) {
        switch (p) {
            case Placement.Placed placed -> sendCreate(route, placed.nodeId(), null);
            case Placement.Pending pending -> unplaced.add(route);
            case Placement.Infeasible(String message) ->
                    die(route, "actor " + route.describe() + " cannot be scheduled: " + message);
        }
    }

    private void sendCreate(ActorRoute route, String node, String bundleKey) {
        List<TaskArg> args;
        try {
            args = agent.borrowing().args(route.constructorArgs, node);
        } catch (IllegalArgumentException e) {
            die(route, "actor " + route.describe() + " cannot be created on node " + node + ": " + e.getMessage());
            return;
        }
        ActorOptions o = route.options;
        synchronized (route) {
            if (route.state != ActorRoute.State.PLACING) {
                agent.borrowing().releaseUnread(args);
                return;
            }
            int restartsLeft = o.maxRestarts() == -1 ? -1 : Math.max(0, o.maxRestarts() - route.restarts);
            var msg = new CreateActor(route.actorId, self, route.constructor, args, o.resources(), o.maxConcurrency(),
                    restartsLeft, o.maxTaskRetries(), o.lifetime() == ActorLifetime.DETACHED, bundleKey, route.name);
            if (!peers.send(node, msg)) {
                agent.borrowing().releaseUnread(args);
                if (bundleKey == null) {
                    unplaced.add(route);
                } else {
                    retryPg.add(route);
                }
                return;
            }
            route.state = ActorRoute.State.CREATING;
            route.host = node;
            route.aliveReports = 0;
            while (!route.waiting.isEmpty()) {
                send(route, route.waiting.poll());
            }
        }
        LOG.debug("actor {} placed on node {}", route.describe(), node);
    }

    /** What this owner has placed on {@code node} and not yet heard started (not free there, whatever it reports). */
    Resources creatingOn(String node) {
        Resources r = Resources.NONE;
        for (ActorRoute route : routes.values()) {
            synchronized (route) {
                if (route.owned() && route.state == ActorRoute.State.CREATING && node.equals(route.host)
                        && !(route.options.schedulingStrategy() instanceof SchedulingStrategy.InPlacementGroup)) {
                    r = r.plus(route.options.resources());
                }
            }
        }
        return r;
    }

    void tick() {
        for (ActorRoute r; (r = retryPg.poll()) != null; ) {
            place(r);
        }
        int n = unplaced.size();
        for (int i = 0; i < n; i++) {
            ActorRoute r = unplaced.poll();
            if (r != null) {
                place(r);
            }
        }
    }

    /** The host says the actor started (again) or died; a located answer for another node's actor. */
    void onReady(ActorReady m) {
        ActorRoute route = routes.get(m.actorId());
        if (route == null) {
            return;
        }
        if (m.error() != null) {
            if (route.owned() && !m.node().equals(route.host)) {
                return; // a late word from a host this owner already replaced
            }
            die(route, m.error().message());
            return;
        }
        List<String> tell;
        synchronized (route) {
            if (route.state == ActorRoute.State.DEAD) {
                return;
            }
            route.className = m.className();
            if (route.owned()) {
                if (!m.node().equals(route.host)) {
                    return;
                }
                if (++route.aliveReports > 1) {
                    route.restarts++;
                }
            } else {
                route.maxTaskRetries = m.maxTaskRetries();
                route.detached = m.detached();
                route.host = m.node();
                while (!route.waiting.isEmpty()) {
                    send(route, route.waiting.poll());
                }
            }
            route.state = ActorRoute.State.ALIVE;
            tell = List.copyOf(route.locators);
            route.locators.clear();
        }
        tell.forEach(node -> answer(route, node));
    }

    private void answer(ActorRoute route, String node) {
        peers.send(node, new ActorReady(route.actorId, route.host, route.className, route.options.maxTaskRetries(),
                route.options.lifetime() == ActorLifetime.DETACHED, null));
    }

    /** Another node asks where an actor this node owns runs. */
    void onLocate(LocateActor m) {
        ActorRecord local = runtime.actors().find(m.actorId());
        if (local != null && local.owner == null) {
            Class<?> type = local.actorClass;
            peers.send(m.requester(), new ActorReady(local.id, self, type == null ? null : type.getName(),
                    local.options.maxTaskRetries(), local.options.lifetime() == ActorLifetime.DETACHED, null));
            return;
        }
        ActorRoute route = routes.get(m.actorId());
        if (route == null || !route.owned()) {
            peers.send(m.requester(), dead(m.actorId(), "actor " + m.actorId() + " is dead (its owner, node "
                    + self + ", no longer has it)"));
            return;
        }
        String deathReason = null;
        boolean now = false;
        synchronized (route) {
            if (route.state == ActorRoute.State.DEAD) {
                deathReason = route.deathReason;
            } else if (route.state == ActorRoute.State.ALIVE && !route.host.equals(m.deadHost())) {
                now = true;
            } else {
                route.locators.add(m.requester());
            }
        }
        if (deathReason != null) {
            peers.send(m.requester(), dead(route.actorId, deathReason));
        } else if (now) {
            answer(route, m.requester());
        }
    }

    private ActorReady dead(String actorId, String reason) {
        return new ActorReady(actorId, self, null, 0, false, Wire.error(new ActorDiedException(actorId, reason)));
    }

    /** The actor is gone for good: fail what waits on it, release what it held. */
    void die(ActorRoute route, String reason) {
        List<Call> failed = new ArrayList<>();
        List<String> tell;
        synchronized (route) {
            if (route.state == ActorRoute.State.DEAD) {
                return;
            }
            route.state = ActorRoute.State.DEAD;
            route.deathReason = reason;
            failed.addAll(route.takeInFlight());
            failed.addAll(route.waiting);
            route.waiting.clear();
            tell = List.copyOf(route.locators);
            route.locators.clear();
        }
        LOG.info("{}", reason);
        failed.forEach(c -> fail(c, new ActorDiedException(route.actorId, reason)));
        tell.forEach(node -> peers.send(node, dead(route.actorId, reason)));
        if (route.owned()) {
            runtime.unpinAll(route.constructorArgs);
            if (route.name != null) {
                peers.unregisterName(route.name);
            }
        }
    }

    /** {@code Trellis.kill} on a handle of a remote actor. */
    void kill(ActorRoute route, boolean restart, String reason) {
        if (!route.owned()) {
            peers.send(route.owner, new KillActor(route.actorId, reason, restart));
            return;
        }
        String host;
        synchronized (route) {
            host = route.host;
        }
        if (host != null) {
            peers.send(host, new KillActor(route.actorId, reason, restart));
        }
        if (!restart || host == null) {
            die(route, "actor " + route.describe() + " is dead: " + reason);
        }
    }

    /** A handle of an actor this node owns was collected: an unnamed, non-detached actor with none left stops. */
    boolean handleReleased(String actorId) {
        ActorRoute route = routes.get(actorId);
        if (route == null) {
            return false;
        }
        if (route.owned()) {
            boolean stop;
            synchronized (route) {
                route.handles--;
                stop = route.handles <= 0 && route.name == null && route.options.lifetime() == ActorLifetime.NON_DETACHED
                        && route.state != ActorRoute.State.DEAD;
            }
            if (stop) {
                kill(route, false, "no handle to it is left");
            }
        }
        return true;
    }

    void addHandle(ActorRoute route) {
        synchronized (route) {
            route.handles++;
        }
    }

    // ---- caller

    /** The route to another node's actor, made when a handle to it first arrives here. */
    ActorRoute routeTo(String actorId, String owner, String className) {
        ActorRoute route = routes.computeIfAbsent(actorId, id -> new ActorRoute(id, owner, className));
        if (route.className == null && className != null) {
            route.className = className;
        }
        return route;
    }

    ActorRoute find(String actorId) {
        return routes.get(actorId);
    }

    /** Sends {@code call} now, or keeps it in order until the actor's host is known. */
    void call(ActorRoute route, Call call) {
        String deathReason = null;
        boolean locate = false;
        synchronized (route) {
            switch (route.state) {
                case DEAD -> deathReason = route.deathReason;
                case ALIVE, CREATING -> send(route, call);
                case PLACING -> {
                    locate = !route.owned() && route.waiting.isEmpty() && route.host == null;
                    route.waiting.add(call);
                }
            }
        }
        if (deathReason != null) {
            fail(call, new ActorDiedException(route.actorId, deathReason));
        } else if (locate) {
            locate(route);
        }
    }

    private void locate(ActorRoute route) {
        String deadHost;
        synchronized (route) {
            deadHost = route.deadHost;
        }
        if (!peers.send(route.owner, new LocateActor(route.actorId, self, deadHost))) {
            die(route, "actor " + route.describe() + " is dead: its owner, node " + route.owner + ", is gone");
        }
    }

    /** Under the route's lock, in call order. */
    private void send(ActorRoute route, Call call) {
        List<TaskArg> args;
        try {
            args = agent.borrowing().args(call.args, route.host);
        } catch (IllegalArgumentException e) {
            fail(call, new TrellisException("actor call " + call.name + " cannot be sent to node " + route.host + ": "
                    + e.getMessage()));
            return;
        }
        route.inFlight.put(call.id(), call);
        calls.put(call.id(), route);
        // A false send means the host is gone: nodeRemoved retries or fails what is in flight.
        peers.send(route.host, new CallActor(call.id(), route.actorId, call.result.id, self, call.method, args,
                call.name));
    }

    /** A call's {@link CoreMessages.TaskDone} arrived (its result is already recorded): forget it and release its arguments. */
    void callDone(String callId) {
        ActorRoute route = calls.remove(callId);
        if (route == null) {
            return;
        }
        Call call;
        synchronized (route) {
            call = route.inFlight.remove(callId);
        }
        if (call != null) {
            runtime.unpinAll(call.args);
        }
    }

    private void fail(Call call, TrellisException error) {
        calls.remove(call.id());
        runtime.fail(call.result, error);
        runtime.unpinAll(call.args);
    }

    // ---- host

    /** The owner asks this node to host an actor. */
    void onCreate(CreateActor m) {
        Invocable constructor;
        Object[] args;
        ActorOptions options;
        try {
            constructor = RemoteCode.resolve(m.constructor(), runtime.classLoader());
            var builder = ActorOptions.builder().numCpus(m.resources().cpus())
                    .numGpus(m.resources().gpus()).resources(m.resources().custom()).maxConcurrency(m.maxConcurrency())
                    .maxRestarts(m.maxRestarts()).maxTaskRetries(m.maxTaskRetries())
                    .lifetime(m.detached() ? ActorLifetime.DETACHED : ActorLifetime.NON_DETACHED);
            options = (m.name() == null ? builder : builder.name(m.name())).build();
            args = runtime.materialize(m.args(), m.owner());
        } catch (RuntimeException e) {
            agent.borrowing().releaseUnread(m.args());
            peers.send(m.owner(), dead(m.actorId(), "actor " + m.constructor().displayName() + " (" + m.actorId()
                    + ") cannot be created on node " + self + ": " + Failures.unwrap(e)));
            return;
        }
        var record = new ActorRecord(m.actorId(), null, options, m.constructor(), constructor, args, null);
        record.owner = m.owner();
        record.bundleKey = m.bundle();
        record.lifecycle = new ActorRecord.Lifecycle() {
            @Override
            public void alive(ActorRecord r) {
                peers.send(m.owner(), new ActorReady(r.id, self, r.actorClass.getName(), m.maxTaskRetries(),
                        m.detached(), null));
            }

            @Override
            public void died(ActorRecord r, String reason) {
                peers.send(m.owner(), dead(r.id, reason));
            }
        };
        runtime.pinAll(args);
        runtime.actors().start(record);
    }

    /** A caller's call of an actor hosted here; its result is reported to the caller. */
    void onCall(CallActor m) {
        ActorRecord record = runtime.actors().find(m.actorId());
        OwnedObjects.Owned result = runtime.hostedResult(m.returnId(), m.owner());
        if (record == null) {
            runtime.fail(result, new ActorDiedException(m.actorId(), "actor " + m.actorId() + " is dead (node "
                    + self + " no longer hosts it)"));
            agent.borrowing().releaseUnread(m.args());
            agent.reportDone(m.callId(), result, m.owner());
            return;
        }
        Invocable method;
        Object[] args;
        try {
            method = RemoteCode.resolve(m.method(), runtime.classLoader());
            args = runtime.materialize(m.args(), m.owner());
        } catch (RuntimeException e) {
            agent.borrowing().releaseUnread(m.args());
            runtime.fail(result, Failures.taskFailed(m.name(), e));
            agent.reportDone(m.callId(), result, m.owner());
            return;
        }
        runtime.pinAll(args);
        result.ready.whenComplete((v, e) -> agent.reportDone(m.callId(), result, m.owner()));
        runtime.actors().enqueue(record, new ActorCall(method, m.name(), args, result,
                record.options.maxTaskRetries()));
    }

    /** A kill from a handle's node (this node owns the actor and forwards it) or from the owner (this node hosts it). */
    void onKill(KillActor m) {
        ActorRecord record = runtime.actors().find(m.actorId());
        if (record != null) {
            runtime.actors().kill(record, m.restart(), m.reason());
            return;
        }
        ActorRoute route = routes.get(m.actorId());
        if (route != null && route.owned()) {
            kill(route, m.restart(), m.reason());
        }
    }

    // ---- node loss

    void nodeRemoved(String node) {
        for (ActorRecord r : runtime.actors().all()) {
            if (!node.equals(r.owner)) {
                continue;
            }
            if (r.options.lifetime() == ActorLifetime.NON_DETACHED) {
                runtime.actors().die(r, "actor " + r.describe() + " is dead: its owner, node " + node + ", died");
            } else {
                takeOver(r, node);
            }
        }
        for (ActorRoute route : List.copyOf(routes.values())) {
            if (!route.owned() && route.owner.equals(node)) {
                if (!followHost(route, node)) {
                    hostLost(route, node, true);
                }
            } else if (hostedOn(route, node)) {
                hostLost(route, node, false);
            }
        }
    }

    /**
     * A detached actor hosted here whose owner died: this node owns it from now on, as if it had
     * created it (it answers where the actor runs, and restarts it here within what is left of
     * {@code maxRestarts}), and takes over its name at the directory, where the owner's entry
     * is dropped with the owner. A later death of this node is the actor's end: nobody else kept
     * how to create it.
     */
    private void takeOver(ActorRecord r, String deadOwner) {
        r.owner = null;
        r.lifecycle = ActorRecord.Lifecycle.NONE;
        String name = r.options.name(); // the name the owner registered it under (CreateActor's)
        LOG.info("node {} owns detached actor {} from now on: its owner, node {}, died", self, r.describe(), deadOwner);
        if (name == null) {
            return;
        }
        Class<?> type = r.actorClass;
        String location = self + "/" + r.id + "/" + (type == null ? "" : type.getName());
        peers.takeOverName(name, location, deadOwner + "/" + r.id + "/").whenComplete((claimed, e) -> {
            if (e == null && claimed) {
                boolean dead;
                synchronized (r) {
                    r.name = name;
                    dead = r.state == ActorRecord.State.DEAD;
                }
                if (dead) {
                    peers.unregisterName(name); // it died while the name was being claimed
                }
            } else {
                LOG.warn("detached actor {} keeps running without its name '{}': {}", r.describe(), name,
                        e != null ? e.toString() : "another actor holds the name now");
            }
        });
    }

    /**
     * A route to a detached actor whose owner died: while its host runs it, that host is its
     * owner now ({@link #takeOver}), and calls go on. False when the host is not known or was
     * the owner itself.
     */
    private boolean followHost(ActorRoute route, String deadOwner) {
        synchronized (route) {
            if (!route.detached || route.state != ActorRoute.State.ALIVE || route.host == null
                    || route.host.equals(deadOwner)) {
                return false;
            }
            route.owner = route.host;
            return true;
        }
    }

    private static boolean hostedOn(ActorRoute route, String node) {
        synchronized (route) {
            return node.equals(route.host);
        }
    }

    private void hostLost(ActorRoute route, String node, boolean ownerLost) {
        List<Call> lost = new ArrayList<>();
        boolean restart;
        synchronized (route) {
            if (route.state == ActorRoute.State.DEAD) {
                return;
            }
            List<Call> retry = new ArrayList<>();
            for (Call c : route.takeInFlight()) {
                calls.remove(c.id());
                if (route.maxTaskRetries == -1 || c.retriesUsed < route.maxTaskRetries) {
                    c.retriesUsed++;
                    retry.add(c);
                } else {
                    lost.add(c);
                }
            }
            for (int i = retry.size() - 1; i >= 0; i--) {
                route.waiting.addFirst(retry.get(i));
            }
            route.host = null;
            route.deadHost = node;
            restart = !ownerLost && (!route.owned() || route.hasRestartsLeft());
            if (restart) {
                route.state = ActorRoute.State.PLACING;
                if (route.owned()) {
                    route.restarts++;
                }
            }
        }
        String why = ownerLost ? "its owner, node " + node + ", died" : "its node " + node + " died";
        String message = "actor " + route.describe() + " died while running this call (" + why
                + ") and the call has no retries left (max_task_retries)";
        lost.forEach(c -> fail(c, new ActorDiedException(route.actorId, message)));
        if (!restart) {
            die(route, "actor " + route.describe() + " is dead: " + why
                    + (ownerLost ? "" : " and it has no restarts left (max_restarts)"));
        } else if (route.owned()) {
            LOG.info("restarting actor {} ({} of {} restarts): its node {} died", route.describe(), route.restarts,
                    route.options.maxRestarts(), node);
            place(route);
        } else {
            locate(route);
        }
    }
}
