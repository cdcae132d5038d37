package dev.trellis.core.internal.scheduling;

import dev.trellis.core.Resources;
import dev.trellis.core.SchedulingStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the node a task or actor runs on, by Ray's scheduling policies, from a snapshot of the
 * nodes. Pure decisions, no threads and no clock; the only state is the turn of
 * {@link SchedulingStrategy#SPREAD}, so that equal nodes take turns. Not thread-safe: one
 * scheduler per node agent, used from its actor.
 *
 * <ul>
 *   <li>A request that no node can ever hold (no node's total fits it) is
 *       {@link Placement.Infeasible}, naming the request and the largest node.</li>
 *   <li>One that some node could hold but none can now is {@link Placement.Pending}.</li>
 *   <li>{@code DEFAULT} (Ray's hybrid policy): the local node first, then the others in id
 *       order, the first that would be at most {@value #SPREAD_THRESHOLD} busy with it;
 *       when every node that fits is busier, the least busy of them.</li>
 *   <li>{@code SPREAD}: the least busy node that fits; equals take turns.</li>
 *   <li>Node affinity: that node; soft affinity falls back to {@code DEFAULT} when it does not fit now.</li>
 * </ul>
 */
public final class NodeScheduler {
    /** Ray's {@code scheduler_spread_threshold}: past this share of a node's critical resource, spread. */
    static final double SPREAD_THRESHOLD = 0.5;

    private final String localNodeId;
    private long spreadTurn;

    /** {@code localNodeId}: the node this scheduler runs on, preferred while it is not busy. */
    public NodeScheduler(String localNodeId) {
        this.localNodeId = localNodeId;
    }

    /** Where {@code demand} runs under {@code strategy}, given {@code nodes} (alive ones only). */
    public Placement place(Resources demand, SchedulingStrategy strategy, List<NodeView> nodes) {
        return switch (strategy) {
            case SchedulingStrategy.NodeAffinity affinity -> affinity(demand, affinity, nodes);
            case SchedulingStrategy.Spread s -> feasibility(demand, nodes, this::spread);
            case SchedulingStrategy.Default d -> feasibility(demand, nodes, this::hybrid);
            case SchedulingStrategy.InPlacementGroup g -> new Placement.Infeasible("placement group " + g.groupId()
                    + " is not known on this node (groups are used from the node that created them)");
        };
    }

    private interface Choice {
        Placement choose(Resources demand, List<NodeView> fitNow);
    }

    private Placement feasibility(Resources demand, List<NodeView> nodes, Choice choice) {
        if (nodes.stream().noneMatch(n -> demand.fitsIn(n.total()))) {
            return new Placement.Infeasible(infeasible(demand, nodes));
        }
        List<NodeView> fitNow = nodes.stream().filter(n -> demand.fitsIn(n.available())).toList();
        if (fitNow.isEmpty()) {
            return new Placement.Pending("waiting for " + demand + ": no node has it free now ("
                    + nodes.size() + " node(s) could hold it when free)");
        }
        return choice.choose(demand, fitNow);
    }

    private Placement hybrid(Resources demand, List<NodeView> fitNow) {
        List<NodeView> ordered = new ArrayList<>(fitNow);
        ordered.sort(Comparator.comparing((NodeView n) -> !n.nodeId().equals(localNodeId))
                .thenComparing(NodeView::nodeId));
        for (NodeView n : ordered) {
            if (n.utilizationWith(demand) <= SPREAD_THRESHOLD + 1e-9) {
                return placed(n);
            }
        }
        return placed(ordered.stream().min(Comparator.comparingDouble((NodeView n) -> n.utilizationWith(demand)))
                .orElseThrow());
    }

    private Placement spread(Resources demand, List<NodeView> fitNow) {
        double least = fitNow.stream().mapToDouble(n -> n.utilizationWith(demand)).min().orElseThrow();
        List<NodeView> leastBusy = fitNow.stream().filter(n -> n.utilizationWith(demand) <= least + 1e-9)
                .sorted(Comparator.comparing(NodeView::nodeId)).toList();
        return placed(leastBusy.get((int) (spreadTurn++ % leastBusy.size())));
    }

    private Placement affinity(Resources demand, SchedulingStrategy.NodeAffinity affinity, List<NodeView> nodes) {
        NodeView node = nodes.stream().filter(n -> n.nodeId().equals(affinity.nodeId())).findFirst().orElse(null);
        if (node != null && demand.fitsIn(node.available())) {
            return placed(node);
        }
        if (affinity.soft()) {
            return feasibility(demand, nodes, this::hybrid);
        }
        if (node == null) {
            return new Placement.Infeasible("node affinity names node '" + affinity.nodeId()
                    + "', which is not in the cluster; nodes: " + nodes.stream().map(NodeView::nodeId).sorted().toList());
        }
        if (!demand.fitsIn(node.total())) {
            return new Placement.Infeasible("node '" + node.nodeId() + "' can never provide " + demand
                    + ": it has " + node.total() + " in all");
        }
        return new Placement.Pending("waiting for " + demand + " on node '" + node.nodeId() + "' (node affinity)"
                + ", which has " + node.available() + " free");
    }

    private static Placement placed(NodeView n) {
        return new Placement.Placed(List.of(n.nodeId()));
    }

    /** "no node can ever provide {CPU: 16, GPU: 0}; the largest has {CPU: 8, GPU: 0} (3 nodes)". */
    static String infeasible(Resources demand, List<NodeView> nodes) {
        if (nodes.isEmpty()) {
            return "no node can ever provide " + demand + ": the cluster has no nodes";
        }
        NodeView largest = nodes.stream().max(Comparator.comparingDouble((NodeView n) -> n.total().cpus())
                .thenComparingDouble(n -> n.total().gpus())).orElseThrow();
        return "no node can ever provide " + demand + "; the largest has " + largest.total() + " ("
                + nodes.size() + " node(s))";
    }
}
