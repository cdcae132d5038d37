package dev.trellis.core.internal.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.trellis.core.PlacementStrategy;
import dev.trellis.core.Resources;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundlePlannerTest {
    private static final Resources TWO_CPUS = Resources.of(2, 0);

    private static NodeView node(String id, double cpus, double used) {
        return new NodeView(id, Resources.of(cpus, 0), Resources.of(cpus - used, 0));
    }

    private static List<String> placed(Placement p) {
        assertThat(p).isInstanceOf(Placement.Placed.class);
        return ((Placement.Placed) p).nodeIds();
    }

    private static List<Resources> bundles(int n, Resources each) {
        return Collections.nCopies(n, each);
    }

    @Test
    void strictPackPutsEveryBundleOnOneNodeOrWaits() {
        List<NodeView> nodes = List.of(node("a", 4, 0), node("b", 8, 0));
        assertThat(placed(BundlePlanner.plan(bundles(3, TWO_CPUS), PlacementStrategy.STRICT_PACK, nodes)))
                .containsExactly("b", "b", "b");
        assertThat(BundlePlanner.plan(bundles(3, TWO_CPUS), PlacementStrategy.STRICT_PACK,
                List.of(node("a", 4, 0), node("b", 8, 4)))).isInstanceOf(Placement.Pending.class);
        assertThat(BundlePlanner.plan(bundles(5, TWO_CPUS), PlacementStrategy.STRICT_PACK, nodes))
                .isEqualTo(new Placement.Infeasible("STRICT_PACK needs one node with all 5 bundles, {CPU: 10, GPU: 0} in all;"
                        + " no node can ever provide {CPU: 10, GPU: 0}; the largest has {CPU: 8, GPU: 0} (2 node(s))"));
    }

    @Test
    void packUsesOneNodeWhenItCanAndAsFewAsItMustOtherwise() {
        assertThat(placed(BundlePlanner.plan(bundles(2, TWO_CPUS), PlacementStrategy.PACK,
                List.of(node("a", 4, 0), node("b", 4, 0))))).containsExactly("a", "a");
        List<String> three = placed(BundlePlanner.plan(bundles(3, TWO_CPUS), PlacementStrategy.PACK,
                List.of(node("a", 4, 0), node("b", 4, 0), node("c", 4, 0))));
        assertThat(new HashSet<>(three)).hasSize(2);
    }

    @Test
    void strictSpreadNeedsANodePerBundle() {
        List<NodeView> nodes = List.of(node("a", 4, 0), node("b", 4, 0), node("c", 2, 0));
        assertThat(new HashSet<>(placed(BundlePlanner.plan(bundles(3, TWO_CPUS), PlacementStrategy.STRICT_SPREAD, nodes))))
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(BundlePlanner.plan(bundles(4, TWO_CPUS), PlacementStrategy.STRICT_SPREAD, nodes))
                .isInstanceOf(Placement.Infeasible.class);
        assertThat(BundlePlanner.plan(bundles(3, TWO_CPUS), PlacementStrategy.STRICT_SPREAD,
                List.of(node("a", 4, 0), node("b", 4, 0), node("c", 2, 1)))).isInstanceOf(Placement.Pending.class);
    }

    @Test
    void strictSpreadFindsTheMatchingAGreedyChoiceWouldMiss() {
        // The big bundle fits only on "big"; a greedy pass giving the first small bundle the freest node would fail.
        List<Resources> group = List.of(Resources.of(1, 0), Resources.of(1, 0), Resources.of(6, 0));
        List<String> on = placed(BundlePlanner.plan(group, PlacementStrategy.STRICT_SPREAD,
                List.of(node("big", 8, 0), node("x", 2, 0), node("y", 2, 0))));
        assertThat(on.get(2)).isEqualTo("big");
        assertThat(new HashSet<>(on)).hasSize(3);
    }

    @Test
    void spreadUsesDistinctNodesFirstThenShares() {
        List<String> on = placed(BundlePlanner.plan(bundles(3, TWO_CPUS), PlacementStrategy.SPREAD,
                List.of(node("a", 8, 0), node("b", 8, 0))));
        assertThat(new HashSet<>(on.subList(0, 2))).containsExactlyInAnyOrder("a", "b");
        assertThat(on).hasSize(3);
    }

    @Test
    void aBundleNoNodeCanHoldIsNamed() {
        assertThat(BundlePlanner.plan(List.of(TWO_CPUS, Resources.of(0, 1)), PlacementStrategy.PACK,
                List.of(node("a", 4, 0)))).isEqualTo(new Placement.Infeasible("bundle 1 of the placement group: no node"
                + " can ever provide {CPU: 0, GPU: 1}; the largest has {CPU: 4, GPU: 0} (1 node(s))"));
    }

    @Test
    void aPendingPlacementNamesTheBundleThatFitsNowhereOrTheStrategyAndWhatIsFree() {
        List<NodeView> busy = List.of(node("a", 4, 3), node("b", 4, 4));
        assertThat(BundlePlanner.plan(List.of(Resources.of(1, 0), TWO_CPUS), PlacementStrategy.PACK, busy))
                .isEqualTo(new Placement.Pending("bundle 1 {CPU: 2, GPU: 0} fits no node's free resources; free now:"
                        + " [a {CPU: 1, GPU: 0}, b {CPU: 0, GPU: 0}]"));
        List<NodeView> halfFree = List.of(node("a", 4, 2), node("b", 4, 2));
        assertThat(BundlePlanner.plan(List.of(TWO_CPUS, TWO_CPUS), List.of(3, 5), PlacementStrategy.STRICT_PACK, halfFree))
                .isEqualTo(new Placement.Pending("STRICT_PACK needs one node with {CPU: 4, GPU: 0} free for bundles [3, 5];"
                        + " free now: [a {CPU: 2, GPU: 0}, b {CPU: 2, GPU: 0}]"));
        assertThat(((Placement.Pending) BundlePlanner.plan(bundles(2, TWO_CPUS), PlacementStrategy.STRICT_SPREAD,
                List.of(node("a", 4, 0), node("b", 4, 3)))).reason())
                .startsWith("STRICT_SPREAD needs 2 different nodes, each with its bundle free, for bundles [0, 1]");
    }

    @Test
    void aGroupNeedsBundlesThatAskForSomething() {
        assertThatIllegalArgumentException().isThrownBy(() -> BundlePlanner.plan(List.of(), PlacementStrategy.PACK, List.of()))
                .withMessage("a placement group needs at least one bundle");
        assertThatIllegalArgumentException().isThrownBy(() -> BundlePlanner.plan(List.of(Resources.NONE),
                PlacementStrategy.PACK, List.of(node("a", 1, 0))))
                .withMessage("bundle 0 of the placement group asks for no resources");
    }
}
