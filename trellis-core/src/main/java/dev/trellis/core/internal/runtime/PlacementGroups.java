package dev.trellis.core.internal.runtime;

import dev.trellis.core.PlacementGroup;
import dev.trellis.core.PlacementStrategy;
import dev.trellis.core.Resources;
import dev.trellis.core.SchedulingStrategy;
import dev.trellis.core.UnschedulableException;
import dev.trellis.core.internal.cluster.Peers;
import dev.trellis.core.internal.runtime.CoreMessages.BundleReserved;
import dev.trellis.core.internal.runtime.CoreMessages.ReleaseBundle;
import dev.trellis.core.internal.runtime.CoreMessages.ReserveBundle;
import dev.trellis.core.internal.scheduling.BundlePlanner;
import dev.trellis.core.internal.scheduling.NodeView;
import dev.trellis.core.internal.scheduling.Placement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placement groups, in two roles. As the <b>owner</b> (the node that created a group) it plans
 * the bundles on nodes with {@link BundlePlanner}, reserves them all or none (a refused
 * reservation releases the others and the group tries again later), and tells tasks and actors
 * in the group which node and bundle to use. As a <b>host</b> it keeps each bundle reserved here
 * as a ledger of its own ({@link LocalScheduler} over the bundle's resources, sharing the worker
 * pool), so work in a bundle draws on the bundle, not on the node's free resources.
 *
 * <p>When a node holding bundles dies the owner places those bundles again on the other nodes;
 * work in the group waits meanwhile. Removing a group frees its bundles: work waiting in them
 * fails with {@link UnschedulableException}, actors in them die, running tasks finish.
 */
final class PlacementGroups {
    private static final Logger LOG = LoggerFactory.getLogger(PlacementGroups.class);
    private static final long RETRY_MILLIS = 100;

    private final NodeRuntime runtime;
    private final Peers peers;
    private final String self;
    private final Supplier<List<NodeView>> views;
    private final Executor workers;
    private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bundle> bundles = new ConcurrentHashMap<>();
    /** Retries of pending groups; made when a group first has to wait. */
    private ScheduledExecutorService retries;
    private boolean closed;

    /** Where work in a group goes: a node and the key of the bundle there. */
    record Target(String node, String bundleKey) {
    }

    private static final class Group {
        final String id;
        final List<Resources> bundles;
        final PlacementStrategy strategy;
        final CompletableFuture<PlacementGroup> ready = new CompletableFuture<>();
        final PlacementGroup handle;
        /** The node holding each bundle, null while it is not reserved. */
        final String[] nodes;
        /** The try that reserved each bundle (part of its key on its node). */
        final int[] attemptOf;
        /** Completes each time every bundle is reserved; replaced when a bundle is lost. */
        CompletableFuture<Void> placed = new CompletableFuture<>();
        int attempt;
        /** Bundles asked for in the current attempt, and the answers still due. */
        final Set<Integer> trying = new HashSet<>();
        final Set<Integer> granted = new HashSet<>();
        boolean attempting;
        boolean removed;
        boolean everPlaced;

        Group(String id, List<Resources> bundles, PlacementStrategy strategy, String name) {
            this.id = id;
            this.bundles = List.copyOf(bundles);
            this.strategy = strategy;
            this.nodes = new String[bundles.size()];
            this.attemptOf = new int[bundles.size()];
            this.handle = new PlacementGroup(id, bundles, strategy, name, ready);
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
        var g = new Group(id, bundleList, strategy, name);
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
        List<Resources> wanted = missing.stream().map(g.bundles::get).toList();
        Placement p = BundlePlanner.plan(wanted, g.strategy, candidates(g, missing));
        switch (p) {
            case Placement.Infeasible(String message) -> {
                boolean never;
                synchronized (g) {
                    g.attempting = false;
                    never = !g.everPlaced;
                }
                if (never) {
                    fail(g, new UnschedulableException("placement group " + g.id + " cannot be placed: " + message));
                } else {
                    retryLater(g); // bundles lost with a node: wait for one that can take them
                }
            }
            case Placement.Pending pending -> {
                synchronized (g) {
                    g.attempting = false;
                }
                retryLater(g);
            }
            case Placement.Placed placed -> {
                for (int k = 0; k < missing.size(); k++) {
                    int index = missing.get(k);
                    String node = placed.nodeIds().get(k);
                    var msg = new ReserveBundle(g.id, index, attemptNo, self, g.bundles.get(index));
                    if (node.equals(self)) {
                        onReserve(msg);
                    } else if (!peers.send(node, msg)) {
                        onReserved(new BundleReserved(g.id, index, attemptNo, node, false, "node " + node + " is gone"));
                    }
                }
            }
        }
    }

    /** The nodes a try may use: for a group that already holds some bundles, the strict strategies keep their promise. */
    private List<NodeView> candidates(Group g, List<Integer> missing) {
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
        return switch (g.strategy) {
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
        if (g == null) {
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
                g.trying.remove(m.index());
                g.granted.add(m.index());
                if (g.trying.isEmpty()) {
                    complete = true;
                    g.attempting = false;
                    g.everPlaced = true;
                }
            } else {
                // All or none: give back what this try got, and try again later.
                LOG.debug("placement group {}: node {} refused bundle {} ({})", g.id, m.node(), m.index(), m.reason());
                for (int i : g.granted) {
                    undo.add(new Undo(g.nodes[i], i, g.attemptOf[i]));
                    g.nodes[i] = null;
                }
                g.granted.clear();
                g.trying.clear();
                g.attempt++;
                g.attempting = false;
                retry = true;
            }
        }
        for (Undo u : undo) {
            release(u.node(), g.id, u.index(), u.attempt(), "placement group " + g.id + " gave up a try");
        }
        if (complete) {
            LOG.info("placement group {} placed: bundles on {}", g.id, List.of(g.nodes));
            g.placed.complete(null);
            g.ready.complete(g.handle);
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

    private void fail(Group g, UnschedulableException error) {
        synchronized (g) {
            g.removed = true;
        }
        groups.remove(g.id, g);
        g.ready.completeExceptionally(error);
        g.placed.completeExceptionally(error);
    }

    /** Frees every bundle of {@code group}; work waiting in them fails, actors in them die. */
    void remove(PlacementGroup group) {
        Group g = groups.remove(group.id());
        if (g == null) {
            throw new IllegalArgumentException("placement group " + group.id() + " is not known on node " + self
                    + " (already removed, or created on another node)");
        }
        String[] held;
        int[] attempts;
        CompletableFuture<Void> placed;
        synchronized (g) {
            g.removed = true;
            held = g.nodes.clone();
            attempts = g.attemptOf.clone();
            placed = g.placed;
        }
        var error = new UnschedulableException("placement group " + g.id + " was removed");
        g.ready.completeExceptionally(error);
        placed.completeExceptionally(error);
        for (int i = 0; i < held.length; i++) {
            if (held[i] != null) {
                release(held[i], g.id, i, attempts[i], "its placement group " + g.id + " was removed");
            }
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

    /**
     * Where work with {@code strategy} (of a group this node created) runs, once the group is
     * placed; fails with {@link UnschedulableException} if the group is unknown or removed, or the
     * demand fits no bundle it may use.
     */
    CompletableFuture<Target> target(SchedulingStrategy.InPlacementGroup strategy, Resources demand, String what) {
        Group g = groups.get(strategy.groupId());
        if (g == null) {
            return CompletableFuture.failedFuture(new UnschedulableException(what + " cannot be scheduled: placement group "
                    + strategy.groupId() + " is not known on node " + self + " (it was removed, or was created on"
                    + " another node: use a group from the node that created it)"));
        }
        int index = strategy.bundleIndex();
        if (index >= 0 && !demand.fitsIn(g.bundles.get(index))) {
            return CompletableFuture.failedFuture(new UnschedulableException(what + " cannot be scheduled: it asks for "
                    + demand + " but bundle " + index + " of placement group " + g.id + " has " + g.bundles.get(index)));
        }
        if (index < 0 && g.bundles.stream().noneMatch(demand::fitsIn)) {
            return CompletableFuture.failedFuture(new UnschedulableException(what + " cannot be scheduled: it asks for "
                    + demand + " but no bundle of placement group " + g.id + " has that much " + g.bundles));
        }
        CompletableFuture<Void> placed;
        synchronized (g) {
            placed = g.placed;
        }
        return placed.thenApply(v -> {
            synchronized (g) {
                int i = index >= 0 ? index : pick(g, demand);
                return new Target(g.nodes[i], key(g.id, i, g.attemptOf[i]));
            }
        });
    }

    /** A bundle for "any bundle": one on this node with the demand free, else the first that can hold it. */
    private int pick(Group g, Resources demand) {
        int first = -1;
        for (int i = 0; i < g.bundles.size(); i++) {
            if (!demand.fitsIn(g.bundles.get(i))) {
                continue;
            }
            if (first < 0) {
                first = i;
            }
            Bundle local = bundles.get(key(g.id, i, g.attemptOf[i]));
            if (local != null && demand.fitsIn(local.ledger.available())) {
                return i;
            }
        }
        return first;
    }

    /** Groups this node created whose bundles are not all reserved (for status). */
    List<String> pending() {
        var out = new ArrayList<String>();
        for (Group g : groups.values()) {
            synchronized (g) {
                if (!allPlaced(g) && !g.removed) {
                    out.add("placement group " + g.id + ": waits for " + g.bundles + " (" + g.strategy + ")");
                }
            }
        }
        return out;
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
            boolean lost = false;
            synchronized (g) {
                for (int i = 0; i < g.nodes.length; i++) {
                    if (node.equals(g.nodes[i])) {
                        g.nodes[i] = null;
                        lost = true;
                    }
                }
                if (lost && g.placed.isDone() && !g.placed.isCompletedExceptionally()) {
                    g.placed = new CompletableFuture<>();
                }
                if (lost) {
                    g.attempting = false;
                    g.attempt++;
                }
            }
            if (lost) {
                LOG.info("placement group {} lost bundles with node {}: placing them again", g.id, node);
                attempt(g);
            }
        }
    }

    /** The failure of a placement future as the error to report. */
    static dev.trellis.core.TrellisException error(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof dev.trellis.core.TrellisException t ? t
                : new dev.trellis.core.TrellisException("placement failed: " + cause, cause);
    }

    synchronized void close() {
        closed = true;
        if (retries != null) {
            retries.shutdownNow();
        }
    }
}
