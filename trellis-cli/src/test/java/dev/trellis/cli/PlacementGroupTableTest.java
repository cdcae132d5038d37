package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.core.NodeInfo;
import dev.trellis.core.PlacementGroupInfo;
import dev.trellis.core.PlacementGroupInfo.State;
import dev.trellis.core.PlacementStrategy;
import dev.trellis.core.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementGroupTableTest {
    private static final List<Resources> TWO = List.of(Resources.of(1, 0), Resources.of(1, 0));

    private static NodeInfo node(String id, PlacementGroupInfo... groups) {
        return new NodeInfo(id, "127.0.0.1:6380", "head", Resources.of(2, 0), Resources.of(0, 0), 0, List.of(), 0, 0, 0,
                List.of(groups));
    }

    @Test
    void listsLiveGroupsWithTheNodeOfEachBundleAndWhyOneWaits() {
        var created = new PlacementGroupInfo("g-n1-1", "trainers", "n1", PlacementStrategy.STRICT_SPREAD, State.CREATED,
                TWO, Map.of(0, "n1", 1, "n2"), null);
        var pending = new PlacementGroupInfo("g-n2-1", null, "n2", PlacementStrategy.STRICT_PACK, State.PENDING, TWO,
                Map.of(), "STRICT_PACK needs one node with {CPU: 2, GPU: 0} free for bundles [0, 1];\n free now: [n1 {CPU: 0}]");
        var removed = new PlacementGroupInfo("g-n1-2", null, "n1", PlacementStrategy.PACK, State.REMOVED, TWO, Map.of(),
                "placement group g-n1-2 was removed");

        assertThat(PlacementGroupTable.render(List.of(node("n1", created, removed), node("n2", pending)))).isEqualTo("""
                PLACEMENT GROUP  NAME      CREATOR  STRATEGY       STATE    BUNDLES
                g-n1-1           trainers  n1       STRICT_SPREAD  CREATED  0 {CPU: 1, GPU: 0} on n1, 1 {CPU: 1, GPU: 0} on n2
                g-n2-1           -         n2       STRICT_PACK    PENDING  0 {CPU: 1, GPU: 0} on -, 1 {CPU: 1, GPU: 0} on -
                    waiting: STRICT_PACK needs one node with {CPU: 2, GPU: 0} free for bundles [0, 1]; free now: [n1 {CPU: 0}]
                """);
    }

    @Test
    void anInfeasibleGroupSaysWhyItFailedAndNoLiveGroupRendersNothing() {
        var never = new PlacementGroupInfo("g-n1-3", null, "n1", PlacementStrategy.PACK, State.INFEASIBLE,
                List.of(Resources.of(8, 0)), Map.of(), "placement group g-n1-3 cannot be placed: no node can ever provide {CPU: 8, GPU: 0}");
        assertThat(PlacementGroupTable.render(List.of(node("n1", never))))
                .contains("g-n1-3").contains("INFEASIBLE").contains("    failed: placement group g-n1-3 cannot be placed");
        assertThat(PlacementGroupTable.render(List.of(node("n1")))).isEmpty();
    }

    @Test
    void theJsonOfANodeListsItsGroups() throws Exception {
        var created = new PlacementGroupInfo("g-n1-1", "trainers", "n1", PlacementStrategy.PACK, State.CREATED, TWO,
                Map.of(0, "n1", 1, "n1"), null);
        var json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(List.of(node("n1", created))));
        var group = json.get(0).get("placementGroups").get(0);
        assertThat(group.get("id").asText()).isEqualTo("g-n1-1");
        assertThat(group.get("state").asText()).isEqualTo("CREATED");
        assertThat(group.get("bundleNodes").get("1").asText()).isEqualTo("n1");
    }
}
