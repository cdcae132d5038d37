package dev.trellis.core.internal.runtime;

import dev.trellis.core.ObjectRef;
import dev.trellis.core.PlacementGroup;
import dev.trellis.core.PlacementGroupInfo;
import dev.trellis.core.PlacementGroupInfo.State;
import dev.trellis.core.PlacementStrategy;
import dev.trellis.core.Resources;
import dev.trellis.core.SchedulingStrategy;
import dev.trellis.core.TrellisException;
import dev.trellis.core.UnschedulableException;
import dev.trellis.core.internal.cluster.Peers;
import dev.trellis.core.internal.runtime.CoreMessages.BundleReserved;
import dev.trellis.core.internal.runtime.CoreMessages.GroupSpec;
import dev.trellis.core.internal.runtime.CoreMessages.PlacementGroupState;
import dev.trellis.core.internal.runtime.CoreMessages.ReleaseBundle;
import dev.trellis.core.internal.runtime.CoreMessages.RemovePlacementGroup;
import dev.trellis.core.internal.runtime.CoreMessages.ReserveBundle;
import dev.trellis.core.internal.runtime.CoreMessages.WatchPlacementGroup;
import dev.trellis.core.internal.scheduling.BundlePlanner;
import dev.trellis.core.internal.scheduling.NodeView;
import dev.trellis.core.internal.scheduling.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placement groups, in three roles. As the <b>owner</b> (the node that created a group) it plans
 * the bundles on nodes with {@link BundlePlanner}, reserves them all or none (a refused
 * reservation releases the others and the group tries again later), tells tasks and actors in
 * the group which node and bundle to use, and tells the nodes watching the group where its
 * bundles are each time that changes. As a <b>user</b> of another node's group (a handle that
 * came as an argument or by name) it watches the group ({@link WatchPlacementGroup}) and routes
 * work straight to the bundle's node. As a <b>host</b> it keeps each bundle reserved here as a
 * ledger of its own ({@link LocalScheduler} over the bundle's resources, sharing the worker
 * pool), so work in a bundle draws on the bundle, not on the node's free resources; a task
 * blocked in {@code get} lends its CPUs to its bundle, so nested tasks in the bundle can run.
 *
 * <p>When a node holding bundles dies the owner places those bundles again on the other nodes;
 * work in the group waits meanwhile. Removing a group frees its bundles: work waiting in them
 * fails with {@link UnschedulableException}, actors in them die, running tasks finish. The
 * owner keeps the last {@value #REMOVED_KEPT} removed or failed groups for the table.
 */
final class PlacementGroups {
    private static final Logger LOG = LoggerFactory.getLogger(PlacementGroups.class);
    private static final long RETRY_MILLIS = 100;
    /** Removed (or infeasible) groups this node keeps for {@link #table()}. */
    static final int REMOVED_KEPT = 16;
    /** Group names live in the cluster's name registry under this prefix, apart from actor names. */
    static final String NAME_PREFIX = "placement_group:";
    /** How long {@link #byName} and a removal from another node wait for the creator's answer. */
    private static final long ANSWER_SECONDS = 10;

    private final NodeRuntime runtime;
    private final Peers peers;
    private final String self;
    private final Supplier<List<NodeView>> views;
    private final Executor workers;
    /** Groups this node created (live ones) and other nodes' groups used here. */
    private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bundle> bundles = new ConcurrentHashMap<>();
    /** This node's groups that were removed or failed, newest last; guarded by itself. */
    private final LinkedHashMap<String, PlacementGroupInfo> removed = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PlacementGroupInfo> eldest) {
            return size() > REMOVED_KEPT;
        }
    };
    /** Lookups by name waiting for the creator's first answer, by group id. */
    private final ConcurrentHashMap<String, CompletableFuture<Group>> lookups = new ConcurrentHashMap<>();
    /** Retries of pending groups; made when a group first has to wait. */
    private ScheduledExecutorService retries;
    private boolean closed;

    /** Where work in a group goes: a node and the key of the bundle there. */
    record Target(String node, String bundleKey) {
    }

    private final class Group {
        final GroupSpec spec;
        final PlacementGroupHandle handle;
        /** True for a group this node created; false for another node's group used here. */
        final boolean owned;
        final CompletableFuture<Boolean> ready = new CompletableFuture<>();
        /** Completes with why, once the group is removed or failed. */
        final CompletableFuture<String> gone = new CompletableFuture<>();
        /** The node holding each bundle and its reservation's key there, null while it is not reserved. */
        final String[] nodes;
        final String[] keys;
        /** The try that reserved each bundle (owner only). */
        final int[] attemptOf;
        /** Completes each time every bundle is reserved; replaced when a bundle is lost. */
        CompletableFuture<Void> placed = new CompletableFuture<>();
        int attempt;
        /** Bundles asked for in the current attempt, and the answers still due (owner only). */
        final Set<Integer> trying = new HashSet<>();
        final Set<Integer> granted = new HashSet<>();
        /** Nodes told of each change (owner only). */
        final Set<String> watchers = new LinkedHashSet<>();
        boolean attempting;
        boolean removed;
        boolean everPlaced;
        /** Why the group waits (or failed); null once placed. */
        String reason = "not placed yet";
        ObjectRef<Boolean> readyRef;

        Group(GroupSpec spec, boolean owned) {
            this.spec = spec;
            this.owned = owned;
            this.handle = new PlacementGroupHandle(spec, PlacementGroups.this);
            int n = spec.bundles().size();
            this.nodes = new String[n];
            this.keys = new String[n];
            this.attemptOf = new int[n];
        }

        String describe() {
            return spec.id() + (spec.name() == null ? "" : " '" + spec.name() + "'");
        }

        /** Under the group's lock: what the table shows. */
        PlacementGroupInfo info(State state) {
            var where = new TreeMap<Integer, String>();
            for (int i = 0; i < nodes.length && state != State.REMOVED && state != State.INFEASIBLE; i++) {
                if (nodes[i] != null) {
                    where.put(i, nodes[i]);
                }
            }
            return new PlacementGroupInfo(spec.id(), spec.name(), spec.owner(), spec.strategy(), state, spec.bundles(),
                    where, state == State.CREATED ? null : reason);
        }

        /** Under the group's lock. */
        State state() {
            if (removed) {
                return State.REMOVED;
            }
            if (allPlaced(this)) {
                return State.CREATED;
            }
            return everPlaced ? State.RESCHEDULING : State.PENDING;
        }
    }

    /** A bundle reserved on this node: its own ledger, holding its resources from the node's. */
    private record Bundle(String key, String groupId, int index, int attempt, String owner, LocalScheduler ledger,
                          LocalScheduler.Lease hold) {
    }

    PlacementGroups(NodeRuntime runtime, Peers peers, Supplier<List<NodeView>> views, Executor workers) {
        this.runtime = runtime;
        this.peers = peers;
        this.self = peers.selfId();
        this.views = views;
        this.workers = workers;
    }

    /** A reservation's key on its node: group, bundle and the try that made it. */
    static String key(String groupId, int index, int attempt) {
        return groupId + "#" + index + "@" + attempt;
    }

    private record Undo(String node, int index, int attempt) {
    }

    // ---- owner

    PlacementGroup create(String id, List<Resources> bundleList, PlacementStrategy strategy, String name) {
        // Bad bundles fail here, naming what is wrong, before anything is reserved.
        BundlePlanner.plan(bundleList, strategy, List.of(NodeView.idle("check", Resources.NONE)));
        if (name != null && !peers.registerName(NAME_PREFIX + name, self + "/" + id).toCompletableFuture().join()) {
            throw new IllegalArgumentException("a placement group named '" + name + "' already exists");
        }
        var g = new Group(new GroupSpec(id, self, name, strategy, List.copyOf(bundleList)), true);
        groups.put(id, g);
        attempt(g);
        return g.handle;
    }

    private void attempt(Group g) {
        List<Integer> missing = new ArrayList<>();
        int attemptNo;
        synchronized (g) {
            if (g.removed || g.attempting) {
                return;
            }
            for (int i = 0; i < g.nodes.length; i++) {
                if (g.nodes[i] == null) {
                    missing.add(i);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            g.attempting = true;
            attemptNo = ++g.attempt;
            g.trying.clear();
            g.granted.clear();
            g.trying.addAll(missing);
        }
        List<Resources> wanted = missing.stream().map(g.spec.bundles()::get).toList();
        Placement p = BundlePlanner.plan(wanted, missing, g.spec.strategy(), candidates(g));
        switch (p) {
            case Placement.Infeasible(String message) -> {
                boolean never;
                synchronized (g) {
                    g.attempting = false;
                    never = !g.everPlaced;
                    if (!never) {
                        g.reason = message + "; waiting for a node that can hold them";
                    }
                }
                if (never) {
                    fail(g, new UnschedulableException("placement group " + g.describe() + " cannot be placed: "
                            + message));
                } else {
                    retryLater(g); // bundles lost with a node: wait for one that can take them
                }
            }
            case Placement.Pending(String reason) -> {
                synchronized (g) {
                    g.attempting = false;
                    g.reason = reason;
                }
                retryLater(g);
            }
            case Placement.Placed placed -> {
                for (int k = 0; k < missing.size(); k++) {
                    int index = missing.get(k);
                    String node = placed.nodeIds().get(k);
                    var msg = new ReserveBundle(g.spec.id(), index, attemptNo, self, g.spec.bundles().get(index));
                    if (node.equals(self)) {
                        onReserve(msg);
                    } else if (!peers.send(node, msg)) {
                        onReserved(new BundleReserved(g.spec.id(), index, attemptNo, node, false,
                                "node " + node + " is gone"));
                    }
                }
            }
        }
    }

    /** The nodes a try may use: for a group that already holds some bundles, the strict strategies keep their promise. */
    private List<NodeView> candidates(Group g) {
        List<NodeView> all = views.get();
        Set<String> holding = new HashSet<>();
        synchronized (g) {
            for (String n : g.nodes) {
                if (n != null) {
                    holding.add(n);
                }
            }
        }
        if (holding.isEmpty()) {
            return all;
        }
        return switch (g.spec.strategy()) {
            case STRICT_SPREAD -> all.stream().filter(v -> !holding.contains(v.nodeId())).toList();
            case STRICT_PACK -> all.stream().filter(v -> holding.contains(v.nodeId())).toList();
            default -> all;
        };
    }

    private synchronized void retryLater(Group g) {
        if (closed) {
            return;
        }
        if (retries == null) {
            retries = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("trellis-placement-" + self).factory());
        }
        retries.schedule(() -> attempt(g), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A node's answer to a reservation of this node's group. */
    void onReserved(BundleReserved m) {
        Group g = groups.get(m.groupId());
        if (g == null || !g.owned) {
            if (m.reserved()) {
                release(m.node(), m.groupId(), m.index(), m.attempt(), "placement group " + m.groupId() + " is gone");
            }
            return;
        }
        List<Undo> undo = new ArrayList<>();
        boolean complete = false;
        boolean retry = false;
        synchronized (g) {
            if (g.removed || m.attempt() != g.attempt) {
                if (m.reserved()) {
                    undo.add(new Undo(m.node(), m.index(), m.attempt())); // an answer to an abandoned try
                }
            } else if (m.reserved()) {
                g.nodes[m.index()] = m.node();
                g.attemptOf[m.index()] = m.attempt();
                g.keys[m.index()] = key(g.spec.id(), m.index(), m.attempt());
                g.trying.remove(m.index());
                g.granted.add(m.index());
                if (g.trying.isEmpty()) {
                    complete = true;
                    g.attempting = false;
                    g.everPlaced = true;
                    g.reason = null;
                    publish(g);
                }
            } else {
                // All or none: give back what this try got, and try again later.
                LOG.debug("placement group {}: node {} refused bundle {} ({})", g.spec.id(), m.node(), m.index(),
                        m.reason());
                for (int i : g.granted) {
                    undo.add(new Undo(g.nodes[i], i, g.attemptOf[i]));
                    g.nodes[i] = null;
                    g.keys[i] = null;
                }
                g.granted.clear();
                g.trying.clear();
                g.attempt++;
                g.attempting = false;
                g.reason = "node " + m.node() + " refused bundle " + m.index() + " (" + m.reason() + "); trying again";
                retry = true;
            }
        }
        for (Undo u : undo) {
            release(u.node(), g.spec.id(), u.index(), u.attempt(), "placement group " + g.spec.id() + " gave up a try");
        }
        if (complete) {
            LOG.info("placement group {} placed: bundles on {}", g.describe(), Arrays.asList(g.nodes));
            g.placed.complete(null);
            g.ready.complete(true);
        } else if (retry) {
            retryLater(g);
        }
    }

    private static boolean allPlaced(Group g) {
        for (String n : g.nodes) {
            if (n == null) {
                return false;
            }
        }
        return true;
    }

    /** Ends an owned group that can never be placed: its {@code ready()} fails, watchers hear why. */
    private void fail(Group g, UnschedulableException error) {
        end(g, error, State.INFEASIBLE);
    }

    /**
     * Frees every bundle of {@code group}; work waiting in them fails, actors in them die. A group
     * another node created is removed by that node, which this waits for (up to 10 s).
     *
     * @throws IllegalArgumentException if the group was already removed, or its creator is gone
     */
    void remove(PlacementGroup group) {
        if (!group.creatorNode().equals(self)) {
            removeRemote(group);
            return;
        }
        Group g = groups.get(group.id());
        if (g == null) {
            throw new IllegalArgumentException("placement group " + group.id() + " is not known on node " + self
                    + " (already removed)");
        }
        removeOwned(g, "placement group " + g.describe() + " was removed");
    }

    private void removeOwned(Group g, String why) {
        String[] held;
        int[] attempts;
        synchronized (g) {
            if (g.removed) {
                return;
            }
            held = g.nodes.clone();
            attempts = g.attemptOf.clone();
        }
        end(g, new UnschedulableException(why), State.REMOVED);
        for (int i = 0; i < held.length; i++) {
            if (held[i] != null) {
                release(held[i], g.spec.id(), i, attempts[i], "its placement group " + g.spec.id() + " was removed");
            }
        }
        LOG.info("{}", why);
    }

    /** Marks an owned group removed or failed: kept for the table, its name freed, waiting work and watchers told. */
    private void end(Group g, UnschedulableException error, State state) {
        CompletableFuture<Void> placed;
        synchronized (g) {
            if (g.removed) {
                return;
            }
            g.removed = true;
            g.reason = error.getMessage();
            placed = g.placed;
            g.placed = CompletableFuture.failedFuture(error); // work that asks from now on fails, even if it was placed
            PlacementGroupInfo info = g.info(state);
            synchronized (removed) {
                removed.put(g.spec.id(), info);
            }
            publish(g);
            g.watchers.clear();
        }
        groups.remove(g.spec.id(), g);
        if (g.spec.name() != null) {
            peers.unregisterName(NAME_PREFIX + g.spec.name());
        }
        g.gone.complete(error.getMessage());
        g.ready.completeExceptionally(error);
        placed.completeExceptionally(error);
    }

    private void removeRemote(PlacementGroup group) {
        Group g = known(group);
        String failed = g.gone.getNow(null);
        if (failed != null) {
            throw new IllegalArgumentException("placement group " + group.id() + " cannot be removed: " + failed);
        }
        if (!peers.send(group.creatorNode(), new RemovePlacementGroup(group.id(), self))) {
            throw new IllegalArgumentException("placement group " + group.id() + " cannot be removed: its creator, node "
                    + group.creatorNode() + ", is gone (its bundles were freed with it)");
        }
        try {
            g.gone.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new TrellisException("placement group " + group.id() + ": its creator, node " + group.creatorNode()
                    + ", did not confirm the removal within " + ANSWER_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrellisException("interrupted while removing placement group " + group.id(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw error(e.getCause());
        }
    }

    private void release(String node, String groupId, int index, int attempt, String reason) {
        var msg = new ReleaseBundle(groupId, index, attempt, reason);
        if (node.equals(self)) {
            onRelease(msg);
        } else {
            peers.send(node, msg);
        }
    }

    /** Under the group's lock: tells every watcher where the bundles are now (or why the group is gone). */
    private void publish(Group g) {
        if (g.watchers.isEmpty()) {
            return;
        }
        PlacementGroupState state = state(g);
        for (String w : g.watchers) {
            peers.send(w, state);
        }
    }

    /** Under the group's lock. */
    private static PlacementGroupState state(Group g) {
        return new PlacementGroupState(g.spec, Arrays.asList(g.nodes.clone()), Arrays.asList(g.keys.clone()),
                g.removed ? g.reason : null);
    }

    /** Another node uses one of this node's groups: answer now and on every change. */
    void onWatch(WatchPlacementGroup m) {
        Group g = groups.get(m.groupId());
        if (g != null && g.owned) {
            synchronized (g) {
                if (!g.removed) {
                    g.watchers.add(m.requester());
                    peers.send(m.requester(), state(g));
                    return;
                }
            }
        }
        PlacementGroupInfo gone;
        synchronized (removed) {
            gone = removed.get(m.groupId());
        }
        String why = gone != null ? gone.reason() : "placement group " + m.groupId() + " is not known on its creator, node "
                + self + " (removed long ago, or never made)";
        var spec = gone != null ? new GroupSpec(gone.id(), self, gone.name(), gone.strategy(), gone.bundles())
                : new GroupSpec(m.groupId(), self, null, PlacementStrategy.PACK, List.of());
        peers.send(m.requester(), new PlacementGroupState(spec, List.of(), List.of(), why));
    }

    void onRemoveRequest(RemovePlacementGroup m) {
        Group g = groups.get(m.groupId());
        if (g != null && g.owned) {
            removeOwned(g, "placement group " + g.describe() + " was removed (by node " + m.requester() + ")");
        }
    }

    // ---- user of another node's group

    /** The group of {@code pg}: this node's own (null once removed), or another node's, watched from now on. */
    private Group known(PlacementGroup pg) {
        Group g = groups.get(pg.id());
        if (g != null || pg.creatorNode().equals(self)) {
            return g;
        }
        GroupSpec spec = pg instanceof PlacementGroupHandle h ? h.spec : new GroupSpec(pg.id(), pg.creatorNode(),
                pg.name().orElse(null), pg.strategy(), pg.bundles());
        return watch(spec);
    }

    /** Registers another node's group here and asks its creator where its bundles are. */
    private Group watch(GroupSpec spec) {
        var fresh = new Group(spec, false);
        Group g = groups.putIfAbsent(spec.id(), fresh);
        if (g != null) {
            return g;
        }
        if (!peers.send(spec.owner(), new WatchPlacementGroup(spec.id(), self))) {
            forget(fresh, "placement group " + fresh.describe() + " cannot be used: its creator, node " + spec.owner()
                    + ", is not in the cluster (its bundles were freed with it)");
        }
        return fresh;
    }

    /** A handle for a group that came from another node (as an argument): bound to this node. */
    PlacementGroup handle(GroupSpec spec) {
        Group g = spec.owner().equals(self) ? groups.get(spec.id()) : watch(spec);
        return g != null ? g.handle : new PlacementGroupHandle(spec, this);
    }

    /** Where another node's group is now, from its creator. */
    void onState(PlacementGroupState m) {
        String id = m.group().id();
        Group g = groups.get(id);
        CompletableFuture<Group> lookup = lookups.remove(id);
        if (g == null && lookup != null && m.error() == null) {
            g = groups.computeIfAbsent(id, x -> new Group(m.group(), false));
        }
        if (g == null || g.owned) {
            if (lookup != null) {
                lookup.complete(null);
            }
            return;
        }
        if (m.error() != null) {
            forget(g, m.error());
        } else {
            apply(g, m);
        }
        if (lookup != null) {
            lookup.complete(m.error() == null ? g : null);
        }
    }

    private void apply(Group g, PlacementGroupState m) {
        boolean all;
        CompletableFuture<Void> placed;
        synchronized (g) {
            if (g.removed) {
                return;
            }
            for (int i = 0; i < g.nodes.length && i < m.nodes().size(); i++) {
                g.nodes[i] = m.nodes().get(i);
                g.keys[i] = m.bundleKeys().get(i);
            }
            all = allPlaced(g);
            if (all) {
                g.everPlaced = true;
                g.reason = null;
            } else {
                g.reason = "its creator, node " + g.spec.owner() + ", is placing its bundles";
                if (g.placed.isDone()) {
                    g.placed = new CompletableFuture<>();
                }
            }
            placed = g.placed;
        }
        if (all) {
            placed.complete(null);
            g.ready.complete(true);
        }
    }

    /** Another node's group is gone: work waiting for it fails with {@code why}. */
    private void forget(Group g, String why) {
        CompletableFuture<Void> placed;
        synchronized (g) {
            if (g.removed) {
                return;
            }
            g.removed = true;
            g.reason = why;
            placed = g.placed;
            g.placed = CompletableFuture.failedFuture(new UnschedulableException(why));
        }
        var error = new UnschedulableException(why);
        g.gone.complete(why);
        g.ready.completeExceptionally(error);
        placed.completeExceptionally(error);
    }

    /**
     * The live group named {@code name}, from any node; empty if none.
     *
     * @throws TrellisException if its creator does not answer within 10 s
     */
    Optional<PlacementGroup> byName(String name) {
        Optional<String> location = peers.lookupName(NAME_PREFIX + name).toCompletableFuture().join();
        if (location.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = location.get().split("/", 2);
        String owner = parts[0];
        String id = parts.length > 1 ? parts[1] : "";
        Group g = groups.get(id);
        if (g != null || owner.equals(self)) {
            return g == null || g.gone.isDone() ? Optional.empty() : Optional.of(g.handle);
        }
        var answer = new CompletableFuture<Group>();
        CompletableFuture<Group> pending = lookups.putIfAbsent(id, answer);
        CompletableFuture<Group> waiting = pending != null ? pending : answer;
        if (pending == null && !peers.send(owner, new WatchPlacementGroup(id, self))) {
            lookups.remove(id, answer);
            return Optional.empty();
        }
        try {
            Group found = waiting.get(ANSWER_SECONDS, TimeUnit.SECONDS);
            return found == null || found.gone.isDone() ? Optional.empty() : Optional.of(found.handle);
        } catch (TimeoutException e) {
            lookups.remove(id, waiting);
            throw new TrellisException("placement group '" + name + "' is registered by node " + owner
                    + ", which did not answer within " + ANSWER_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrellisException("interrupted while looking up placement group '" + name + "'", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw error(e.getCause());
        }
    }

    // ---- work in a group, from any node

    /** A ref that becomes true once {@code handle}'s group is placed; failed if it cannot be, or was removed (before or since). */
    ObjectRef<Boolean> ready(PlacementGroupHandle handle) {
        Group g = known(handle);
        if (g == null) {
            return runtime.refOf(CompletableFuture.failedFuture(new UnschedulableException(unknown(handle.id()))));
        }
        synchronized (g) {
            if (g.removed) {
                return runtime.refOf(CompletableFuture.failedFuture(new UnschedulableException(g.reason)));
            }
            if (g.readyRef == null) {
                g.readyRef = runtime.refOf(g.ready);
            }
            return g.readyRef;
        }
    }

    /** Why a group of this node is not found: removed (and why), or never known. */
    private String unknown(String groupId) {
        PlacementGroupInfo gone;
        synchronized (removed) {
            gone = removed.get(groupId);
        }
        return gone != null ? gone.reason() : "placement group " + groupId + " is not known on node " + self
                + " (it was removed long ago)";
    }

    /**
     * Where work with {@code strategy} runs, once the group is placed; fails with
     * {@link UnschedulableException} if the group was removed or cannot be placed, or the demand
     * fits no bundle it may use. The group may be another node's.
     */
    CompletableFuture<Target> target(SchedulingStrategy.InPlacementGroup strategy, Resources demand, String what) {
        Group g = known(strategy.group());
        if (g == null) {
            return CompletableFuture.failedFuture(new UnschedulableException(what + " cannot be scheduled: "
                    + unknown(strategy.groupId())));
        }
        List<Resources> sizes = g.spec.bundles();
        int index = strategy.bundleIndex();
        if (index >= 0 && !demand.fitsIn(sizes.get(index))) {
            return CompletableFuture.failedFuture(new UnschedulableException(what + " cannot be scheduled: it asks for "
                    + demand + " but bundle " + index + " of placement group " + g.spec.id() + " has " + sizes.get(index)));
        }
        if (index < 0 && sizes.stream().noneMatch(demand::fitsIn)) {
            return CompletableFuture.failedFuture(new UnschedulableException(what + " cannot be scheduled: it asks for "
                    + demand + " but no bundle of placement group " + g.spec.id() + " has that much " + sizes));
        }
        CompletableFuture<Void> placed;
        synchronized (g) {
            placed = g.placed;
        }
        return placed.thenApply(v -> {
            synchronized (g) {
                int i = index >= 0 ? index : pick(g, demand);
                return new Target(g.nodes[i], g.keys[i]);
            }
        });
    }

    /** A bundle for "any bundle": one on this node with the demand free, else the first that can hold it. */
    private int pick(Group g, Resources demand) {
        int first = -1;
        for (int i = 0; i < g.spec.bundles().size(); i++) {
            if (!demand.fitsIn(g.spec.bundles().get(i))) {
                continue;
            }
            if (first < 0) {
                first = i;
            }
            Bundle local = g.keys[i] == null ? null : bundles.get(g.keys[i]);
            if (local != null && demand.fitsIn(local.ledger.available())) {
                return i;
            }
        }
        return first;
    }

    // ---- status

    /** Groups this node created whose bundles are not all reserved, and why (for status). */
    List<String> pending() {
        var out = new ArrayList<String>();
        for (Group g : groups.values()) {
            if (!g.owned) {
                continue;
            }
            synchronized (g) {
                if (!allPlaced(g) && !g.removed) {
                    out.add("placement group " + g.describe() + " (" + g.spec.strategy() + ", " + g.spec.bundles()
                            + "): " + g.state() + ", " + g.reason);
                }
            }
        }
        return out;
    }

    /** This node's groups: live ones in creation order, then the last removed or failed ones. */
    List<PlacementGroupInfo> table() {
        var live = new ArrayList<Group>();
        for (Group g : groups.values()) {
            if (g.owned) {
                live.add(g);
            }
        }
        live.sort(java.util.Comparator.comparingLong(g -> sequenceOf(g.spec.id())));
        var out = new ArrayList<PlacementGroupInfo>();
        for (Group g : live) {
            synchronized (g) {
                if (!g.removed) {
                    out.add(g.info(g.state()));
                }
            }
        }
        synchronized (removed) {
            out.addAll(removed.values());
        }
        return out;
    }

    /** The counter at the end of a group id this node made ({@code g-<node>-<hex>}), for creation order. */
    private static long sequenceOf(String id) {
        try {
            return Long.parseLong(id.substring(id.lastIndexOf('-') + 1), 16);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    // ---- host

    /** Reserves a bundle here for its owner, or says why not. */
    void onReserve(ReserveBundle m) {
        String key = key(m.groupId(), m.index(), m.attempt());
        boolean reserved;
        String reason = null;
        synchronized (bundles) {
            if (bundles.containsKey(key)) {
                reserved = true;
            } else {
                LocalScheduler.Lease hold = runtime.scheduler().tryAcquire(m.resources());
                reserved = hold != null;
                if (reserved) {
                    bundles.put(key, new Bundle(key, m.groupId(), m.index(), m.attempt(), m.owner(),
                            new LocalScheduler(m.resources(), workers), hold));
                } else {
                    reason = "node " + self + " has " + runtime.scheduler().available() + " free, not " + m.resources();
                }
            }
        }
        var answer = new BundleReserved(m.groupId(), m.index(), m.attempt(), self, reserved, reason);
        if (m.owner().equals(self)) {
            onReserved(answer);
        } else {
            peers.send(m.owner(), answer);
        }
    }

    void onRelease(ReleaseBundle m) {
        Bundle b = bundles.remove(key(m.groupId(), m.index(), m.attempt()));
        if (b == null) {
            return;
        }
        b.ledger.cancelWaiting();
        for (ActorRecord r : runtime.actors().all()) {
            if (b.key.equals(r.bundleKey)) {
                runtime.actors().die(r, "actor " + r.describe() + " is dead: " + m.reason());
            }
        }
        b.hold.release();
    }

    /** The ledger of bundle {@code index} of group {@code groupId} if it is reserved here, else null (for tests). */
    LocalScheduler bundleLedger(String groupId, int index) {
        for (Bundle b : bundles.values()) {
            if (b.groupId.equals(groupId) && b.index == index) {
                return b.ledger;
            }
        }
        return null;
    }

    /** The ledger of a bundle reserved here, or null. */
    LocalScheduler ledger(String bundleKey) {
        Bundle b = bundles.get(bundleKey);
        return b == null ? null : b.ledger;
    }

    // ---- node loss

    void nodeRemoved(String node) {
        for (Bundle b : List.copyOf(bundles.values())) {
            if (b.owner.equals(node)) {
                onRelease(new ReleaseBundle(b.groupId, b.index, b.attempt,
                        "its placement group's owner, node " + node + ", died"));
            }
        }
        for (Group g : groups.values()) {
            if (!g.owned) {
                lostElsewhere(g, node);
                continue;
            }
            var lost = new ArrayList<Integer>();
            synchronized (g) {
                g.watchers.remove(node);
                for (int i = 0; i < g.nodes.length; i++) {
                    if (node.equals(g.nodes[i])) {
                        g.nodes[i] = null;
                        g.keys[i] = null;
                        lost.add(i);
                    }
                }
                if (!lost.isEmpty()) {
                    if (g.placed.isDone() && !g.placed.isCompletedExceptionally()) {
                        g.placed = new CompletableFuture<>();
                    }
                    g.attempting = false;
                    g.attempt++;
                    g.reason = "bundle(s) " + lost + " were lost with node " + node + "; placing them again";
                    publish(g);
                }
            }
            if (!lost.isEmpty()) {
                LOG.info("placement group {} lost bundles {} with node {}: placing them again", g.spec.id(), lost, node);
                attempt(g);
            }
        }
    }

    /** Node {@code node} left: another node's group used here is gone with its creator, or waits for lost bundles. */
    private void lostElsewhere(Group g, String node) {
        if (g.spec.owner().equals(node)) {
            forget(g, "placement group " + g.describe() + " is gone: its creator, node " + node
                    + ", died (its bundles were freed)");
            return;
        }
        synchronized (g) {
            boolean lost = false;
            for (int i = 0; i < g.nodes.length; i++) {
                if (node.equals(g.nodes[i])) {
                    g.nodes[i] = null;
                    g.keys[i] = null;
                    lost = true;
                }
            }
            if (lost && g.placed.isDone() && !g.placed.isCompletedExceptionally()) {
                g.placed = new CompletableFuture<>();
                g.reason = "bundles were lost with node " + node + "; its creator, node " + g.spec.owner()
                        + ", places them again";
            }
        }
    }

    /** The failure of a placement future as the error to report. */
    static TrellisException error(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof TrellisException t ? t : new TrellisException("placement failed: " + cause, cause);
    }

    synchronized void close() {
        closed = true;
        if (retries != null) {
            retries.shutdownNow();
        }
    }
}
