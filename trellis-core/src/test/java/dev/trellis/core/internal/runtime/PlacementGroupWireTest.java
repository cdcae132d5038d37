package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.trellis.core.PlacementGroupInfo;
import dev.trellis.core.PlacementStrategy;
import dev.trellis.core.Resources;
import dev.trellis.core.TrellisOptions;
import dev.trellis.core.internal.cluster.NodeReport;
import dev.trellis.core.internal.runtime.CoreMessages.GroupSpec;
import dev.trellis.core.internal.runtime.CoreMessages.PlacementGroupState;
import dev.trellis.core.internal.runtime.CoreMessages.TaskArg;
import dev.trellis.core.internal.serialization.StrictCoercion;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The placement-group parts of messages through CBOR as {@code TrellisCborSerializer} writes
 * them (the in-memory cluster hands messages over without encoding them).
 */
class PlacementGroupWireTest {
    private static final ObjectMapper MAPPER = StrictCoercion.apply(CBORMapper.builder())
            .addModule(new Jdk8Module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final GroupSpec SPEC = new GroupSpec("g-n1-1", "n1", "trainers", PlacementStrategy.STRICT_SPREAD,
            List.of(Resources.of(1, 0), new Resources(0, 1, Map.of("accelerator", 2.0))));

    private static <T> T roundTrip(T message, Class<T> type) throws Exception {
        return MAPPER.readValue(MAPPER.writeValueAsBytes(message), type);
    }

    @Test
    void aNodeReportCarriesItsPlacementGroups() throws Exception {
        var info = new PlacementGroupInfo("g-n1-1", "trainers", "n1", PlacementStrategy.STRICT_SPREAD,
                PlacementGroupInfo.State.RESCHEDULING, SPEC.bundles(), Map.of(1, "n2"), "bundle(s) [0] were lost");
        var report = new NodeReport("n1", "127.0.0.1:6380", "head", Resources.of(2, 0), Resources.of(1, 0), 1,
                List.of("placement group g-n1-1: RESCHEDULING"), 0, 10, 0, List.of(info));
        assertThat(roundTrip(report, NodeReport.class)).isEqualTo(report);
        // A report from a node that predates the field reads as one with no groups.
        var older = MAPPER.readValue(MAPPER.writeValueAsBytes(new NodeReport("n1", "a", "head", Resources.NONE,
                Resources.NONE, 0, List.of(), 0, 0, 0)), NodeReport.class);
        assertThat(older.placementGroups()).isEmpty();
    }

    @Test
    void aGroupsStateKeepsTheBundlesNotReservedAsNull() throws Exception {
        var state = new PlacementGroupState(SPEC, Arrays.asList("n2", null), Arrays.asList("g-n1-1#0@1", null), null);
        PlacementGroupState back = roundTrip(state, PlacementGroupState.class);
        assertThat(back.group()).isEqualTo(SPEC);
        assertThat(back.nodes()).containsExactly("n2", null);
        assertThat(back.bundleKeys()).containsExactly("g-n1-1#0@1", null);
        assertThat(back.error()).isNull();
    }

    @Test
    void aHandleTravelsAsATopLevelArgumentButNotNestedInAValue() throws Exception {
        NodeRuntime node = NodeRuntime.create("n1", TrellisOptions.builder().numCpus(1).build(), "head", null);
        try {
            var handle = node.placementGroups().handle(SPEC);
            TaskArg arg = Wire.args(new Object[] {handle}, null).getFirst();
            assertThat(arg.value()).isNull();
            assertThat(roundTrip(arg, TaskArg.class).group()).isEqualTo(SPEC);
            assertThatThrownBy(() -> Wire.args(new Object[] {List.of(handle)}, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("argument 0").hasMessageContaining("pass placement groups as top-level arguments");
        } finally {
            node.shutdown();
        }
    }
}
