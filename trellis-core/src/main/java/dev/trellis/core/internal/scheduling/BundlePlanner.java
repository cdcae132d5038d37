package dev.trellis.core.internal.scheduling;

import dev.trellis.core.PlacementStrategy;
import dev.trellis.core.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Places the bundles of a placement group on nodes, all at once or not at all, by Ray's four
 * strategies (see {@link PlacementStrategy}). Decides on a snapshot of the nodes: a group that
 * could never be placed, even on idle nodes, is {@link Placement.Infeasible} with a message
 * naming what is missing; one that could be but not now is {@link Placement.Pending}, naming the
 * bundle that does not fit and what the nodes have free. Pure and
 * stateless.
 */
public final class BundlePlanner {
    private BundlePlanner() {
    }

    /**
     * Nodes for {@code bundles} (one per bundle, in order) under {@code strategy}.
     *
     * @throws IllegalArgumentException if there are no bundles, or a bundle asks for nothing
     */
    public static Placement plan(List<Resources> bundles, PlacementStrategy strategy, List<NodeView> nodes) {
        return plan(bundles, IntStream.range(0, bundles.size()).boxed().toList(), strategy, nodes);
    }

    /**
     * As {@link #plan(List, PlacementStrategy, List)} for some bundles of a group ({@code indexes}:
     * their indexes in the group, used in messages): a pending placement says which bundle cannot
     * be placed now and what the nodes have free.
     */
    public static Placement plan(List<Resources> bundles, List<Integer> indexes, PlacementStrategy strategy,
                                 List<NodeView> nodes) {
        if (bundles.isEmpty()) {
            throw new IllegalArgumentException("a placement group needs at least one bundle");
        }
        for (int i = 0; i < bundles.size(); i++) {
            if (bundles.get(i).equals(Resources.NONE)) {
                throw new IllegalArgumentException("bundle " + indexes.get(i) + " of the placement group asks for no resources");
            }
        }
        List<NodeView> idle = nodes.stream().map(n -> NodeView.idle(n.nodeId(), n.total())).toList();
        if (assign(bundles, strategy, idle) == null) {
            return new Placement.Infeasible(infeasible(bundles, indexes, strategy, nodes));
        }
        String[] assigned = assign(bundles, strategy, nodes);
        if (assigned == null) {
            return new Placement.Pending(pending(bundles, indexes, strategy, nodes));
        }
        return new Placement.Placed(Arrays.asList(assigned));
    }

    /** Why bundles that the idle nodes could hold cannot be placed now: the first bundle no node has free, else the strategy. */
    private static String pending(List<Resources> bundles, List<Integer> indexes, PlacementStrategy strategy,
                                  List<NodeView> nodes) {
        String free = "free now: " + (nodes.size() <= SHOWN_NODES ? "" : "(first " + SHOWN_NODES + " of " + nodes.size()
                + " nodes) ") + nodes.stream().limit(SHOWN_NODES).map(n -> n.nodeId() + " " + n.available()).toList();
        for (int b = 0; b < bundles.size(); b++) {
            Resources bundle = bundles.get(b);
            if (nodes.stream().noneMatch(n -> bundle.fitsIn(n.available()))) {
                return "bundle " + indexes.get(b) + " " + bundle + " fits no node's free resources; " + free;
            }
        }
        return switch (strategy) {
            case STRICT_PACK -> "STRICT_PACK needs one node with " + bundles.stream().reduce(Resources.NONE, Resources::plus)
                    + " free for bundles " + indexes + "; " + free;
            case STRICT_SPREAD -> "STRICT_SPREAD needs " + bundles.size() + " different nodes, each with its bundle free,"
                    + " for bundles " + indexes + " " + bundles + "; " + free;
            case PACK, SPREAD -> "bundles " + indexes + " " + bundles + " do not fit the nodes' free resources together; "
                    + free;
        };
    }

    /** Nodes named in a pending message, at most. */
    private static final int SHOWN_NODES = 8;

    /** Node ids per bundle, or null when the strategy cannot place every bundle on what is available. */
    private static String[] assign(List<Resources> bundles, PlacementStrategy strategy, List<NodeView> nodes) {
        var free = new Resources[nodes.size()];
        for (int i = 0; i < free.length; i++) {
            free[i] = nodes.get(i).available();
        }
        int[] on = switch (strategy) {
            case STRICT_PACK -> strictPack(bundles, nodes, free);
            case PACK -> pack(bundles, nodes, free);
            case SPREAD -> spread(bundles, nodes, free);
            case STRICT_SPREAD -> strictSpread(bundles, nodes, free);
        };
        if (on == null) {
            return null;
        }
        return Arrays.stream(on).mapToObj(i -> nodes.get(i).nodeId()).toArray(String[]::new);
    }

    private static int[] strictPack(List<Resources> bundles, List<NodeView> nodes, Resources[] free) {
        Resources all = bundles.stream().reduce(Resources.NONE, Resources::plus);
        for (int n : byMostFree(nodes, free)) {
            if (all.fitsIn(free[n])) {
                int[] on = new int[bundles.size()];
                Arrays.fill(on, n);
                return on;
            }
        }
        return null;
    }

    /** One node if it can hold them all; else the largest bundles first, onto nodes already in use first. */
    private static int[] pack(List<Resources> bundles, List<NodeView> nodes, Resources[] free) {
        int[] one = strictPack(bundles, nodes, free.clone());
        if (one != null) {
            return one;
        }
        int[] on = new int[bundles.size()];
        List<Integer> used = new ArrayList<>();
        for (int b : largestFirst(bundles)) {
            Resources bundle = bundles.get(b);
            int node = used.stream().filter(n -> bundle.fitsIn(free[n])).findFirst()
                    .orElseGet(() -> firstFitting(bundle, byMostFree(nodes, free), free));
            if (node < 0) {
                return null;
            }
            if (!used.contains(node)) {
                used.add(node);
            }
            free[node] = free[node].minus(bundle);
            on[b] = node;
        }
        return on;
    }

    /** Each bundle on a node no bundle uses yet, the freest first; sharing the least shared node when none is left. */
    private static int[] spread(List<Resources> bundles, List<NodeView> nodes, Resources[] free) {
        int[] on = new int[bundles.size()];
        int[] sharing = new int[nodes.size()];
        for (int b = 0; b < bundles.size(); b++) {
            Resources bundle = bundles.get(b);
            int node = -1;
            for (int n : byMostFree(nodes, free)) {
                if (bundle.fitsIn(free[n]) && (node < 0 || sharing[n] < sharing[node])) {
                    node = n;
                }
            }
            if (node < 0) {
                return null;
            }
            sharing[node]++;
            free[node] = free[node].minus(bundle);
            on[b] = node;
        }
        return on;
    }

    /** Every bundle on a node of its own: a matching found by backtracking (groups and clusters are small). */
    private static int[] strictSpread(List<Resources> bundles, List<NodeView> nodes, Resources[] free) {
        if (bundles.size() > nodes.size()) {
            return null;
        }
        int[] on = new int[bundles.size()];
        return match(0, bundles, byMostFree(nodes, free), free, new boolean[nodes.size()], on) ? on : null;
    }

    private static boolean match(int b, List<Resources> bundles, int[] order, Resources[] free, boolean[] taken,
                                 int[] on) {
        if (b == bundles.size()) {
            return true;
        }
        for (int n : order) {
            if (!taken[n] && bundles.get(b).fitsIn(free[n])) {
                taken[n] = true;
                on[b] = n;
                if (match(b + 1, bundles, order, free, taken, on)) {
                    return true;
                }
                taken[n] = false;
            }
        }
        return false;
    }

    private static int firstFitting(Resources bundle, int[] order, Resources[] free) {
        for (int n : order) {
            if (bundle.fitsIn(free[n])) {
                return n;
            }
        }
        return -1;
    }

    /** Node indexes, most free CPUs first (then GPUs, then id), so that packing fills large nodes. */
    private static int[] byMostFree(List<NodeView> nodes, Resources[] free) {
        return IntStream.range(0, nodes.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer n) -> -free[n].cpus())
                        .thenComparingDouble(n -> -free[n].gpus())
                        .thenComparing(n -> nodes.get(n).nodeId()))
                .mapToInt(Integer::intValue).toArray();
    }

    private static int[] largestFirst(List<Resources> bundles) {
        return IntStream.range(0, bundles.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer b) -> -bundles.get(b).cpus())
                        .thenComparingDouble(b -> -bundles.get(b).gpus()))
                .mapToInt(Integer::intValue).toArray();
    }

    private static String infeasible(List<Resources> bundles, List<Integer> indexes, PlacementStrategy strategy,
                                     List<NodeView> nodes) {
        for (int b = 0; b < bundles.size(); b++) {
            Resources bundle = bundles.get(b);
            if (nodes.stream().noneMatch(n -> bundle.fitsIn(n.total()))) {
                return "bundle " + indexes.get(b) + " of the placement group: " + NodeScheduler.infeasible(bundle, nodes);
            }
        }
        return switch (strategy) {
            case STRICT_PACK -> "STRICT_PACK needs one node with all " + bundles.size() + " bundles, "
                    + bundles.stream().reduce(Resources.NONE, Resources::plus) + " in all; "
                    + NodeScheduler.infeasible(bundles.stream().reduce(Resources.NONE, Resources::plus), nodes);
            case STRICT_SPREAD -> "STRICT_SPREAD needs a node of its own for each of the " + bundles.size()
                    + " bundles " + bundles + "; the cluster has " + nodes.size() + " node(s): "
                    + nodes.stream().map(n -> n.nodeId() + " " + n.total()).toList();
            case PACK, SPREAD -> "the " + bundles.size() + " bundles " + bundles + " do not fit the cluster's "
                    + nodes.size() + " node(s) together: " + nodes.stream().map(n -> n.nodeId() + " " + n.total()).toList();
        };
    }
}
