package dev.trellis.core.internal.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Resources;
import dev.trellis.core.SchedulingStrategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeSchedulerTest {
    private static final Resources ONE_CPU = Resources.of(1, 0);

    /** A node with {@code cpus} CPUs of which {@code used} are reserved. */
    private static NodeView node(String id, double cpus, double used) {
        return new NodeView(id, Resources.of(cpus, 0), Resources.of(cpus - used, 0));
    }

    private static String placedOn(Placement p) {
        assertThat(p).isInstanceOf(Placement.Placed.class);
        return ((Placement.Placed) p).nodeId();
    }

    @Test
    void theDefaultPacksOntoTheLocalNodeUntilItIsHalfBusyThenTheLeastBusy() {
        var scheduler = new NodeScheduler("head");
        assertThat(placedOn(scheduler.place(ONE_CPU, SchedulingStrategy.DEFAULT,
                List.of(node("a", 4, 0), node("head", 4, 0))))).isEqualTo("head");
        assertThat(placedOn(scheduler.place(ONE_CPU, SchedulingStrategy.DEFAULT,
                List.of(node("a", 4, 0), node("head", 4, 1))))).as("2 of 4 CPUs is still half").isEqualTo("head");
        assertThat(placedOn(scheduler.place(ONE_CPU, SchedulingStrategy.DEFAULT,
                List.of(node("a", 4, 0), node("head", 4, 2))))).as("3 of 4 would be past half").isEqualTo("a");
        assertThat(placedOn(scheduler.place(ONE_CPU, SchedulingStrategy.DEFAULT,
                List.of(node("a", 4, 3), node("b", 4, 2), node("head", 4, 3))))).as("all busy: the least busy")
                .isEqualTo("b");
    }

    @Test
    void spreadTakesTheLeastBusyNodeAndEqualsTakeTurns() {
        var scheduler = new NodeScheduler("a");
        List<NodeView> nodes = List.of(node("a", 4, 0), node("b", 4, 0), node("c", 4, 1));
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(placedOn(scheduler.place(ONE_CPU, SchedulingStrategy.SPREAD, nodes)));
        }
        assertThat(picks).containsExactly("a", "b", "a", "b");
    }

    @Test
    void aRequestNoNodeCanEverHoldIsInfeasibleNamingTheResources() {
        var scheduler = new NodeScheduler("a");
        Placement p = scheduler.place(Resources.of(16, 0).withCustom("special", 1), SchedulingStrategy.DEFAULT,
                List.of(node("a", 8, 0), node("b", 4, 0)));
        assertThat(p).isEqualTo(new Placement.Infeasible(
                "no node can ever provide {CPU: 16, GPU: 0, special: 1}; the largest has {CPU: 8, GPU: 0} (2 node(s))"));
    }

    @Test
    void aRequestThatFitsOnlyWhenNodesAreFreeWaits() {
        Placement p = new NodeScheduler("a").place(Resources.of(3, 0), SchedulingStrategy.SPREAD,
                List.of(node("a", 4, 2), node("b", 4, 2)));
        assertThat(p).isInstanceOf(Placement.Pending.class);
        assertThat(((Placement.Pending) p).reason()).contains("{CPU: 3, GPU: 0}");
    }

    @Test
    void fractionalGpusAndCustomResourcesAreCounted() {
        var gpuNode = new NodeView("gpu", Resources.of(4, 1), Resources.of(4, 0.5));
        var cpuNode = NodeView.idle("cpu", Resources.of(8, 0));
        var scheduler = new NodeScheduler("cpu");
        assertThat(placedOn(scheduler.place(Resources.of(1, 0.25), SchedulingStrategy.DEFAULT, List.of(cpuNode, gpuNode))))
                .isEqualTo("gpu");
        assertThat(scheduler.place(Resources.of(1, 0.75), SchedulingStrategy.DEFAULT, List.of(cpuNode, gpuNode)))
                .isInstanceOf(Placement.Pending.class);
        var special = NodeView.idle("s", Resources.of(2, 0).withCustom("special", 2));
        assertThat(placedOn(scheduler.place(Resources.of(0, 0).withCustom("special", 1), SchedulingStrategy.DEFAULT,
                List.of(cpuNode, special)))).isEqualTo("s");
    }

    @Test
    void hardAffinityRunsOnlyThereAndSoftFallsBack() {
        var scheduler = new NodeScheduler("a");
        List<NodeView> nodes = List.of(node("a", 4, 0), node("b", 4, 4));
        assertThat(scheduler.place(ONE_CPU, SchedulingStrategy.nodeAffinity("b", false), nodes))
                .isInstanceOf(Placement.Pending.class);
        assertThat(placedOn(scheduler.place(ONE_CPU, SchedulingStrategy.nodeAffinity("b", true), nodes))).isEqualTo("a");
        assertThat(placedOn(scheduler.place(ONE_CPU, SchedulingStrategy.nodeAffinity("a", false), nodes))).isEqualTo("a");
        assertThat(scheduler.place(ONE_CPU, SchedulingStrategy.nodeAffinity("gone", false), nodes))
                .isEqualTo(new Placement.Infeasible("node affinity names node 'gone', which is not in the cluster; nodes: [a, b]"));
        assertThat(scheduler.place(Resources.of(5, 0), SchedulingStrategy.nodeAffinity("a", false), nodes))
                .isEqualTo(new Placement.Infeasible("node 'a' can never provide {CPU: 5, GPU: 0}: it has {CPU: 4, GPU: 0} in all"));
    }
}
