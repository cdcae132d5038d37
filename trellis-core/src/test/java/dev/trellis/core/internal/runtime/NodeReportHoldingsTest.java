package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.NodeInfo;
import dev.trellis.core.Resources;
import dev.trellis.core.TrellisOptions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a node's report says of the libraries' reservations and the URLs they advertise, on an embedded node. */
class NodeReportHoldingsTest {
    private final NodeRuntime node = NodeRuntime.create("n1", TrellisOptions.builder().numCpus(4).build(), "head", null);

    @AfterEach
    void stop() {
        node.shutdown();
    }

    private NodeInfo self() {
        return node.nodes().getFirst();
    }

    @Test
    void aReservationIsInTheReportUnderItsHolderUntilReleased() {
        var first = node.tryReserve("serve", Resources.of(1, 0));
        var second = node.tryReserve("serve", Resources.of(2, 0));
        // Does not fit in the one CPU left: refused, and not counted.
        assertThat(node.tryReserve("serve", Resources.of(2, 0))).isNull();

        assertThat(self().holdings()).containsExactly(Map.entry("serve", new NodeInfo.Holding(2, Resources.of(3, 0))));
        assertThat(self().available()).isEqualTo(Resources.of(1, 0));

        first.release();
        first.release();
        assertThat(self().holdings()).containsExactly(Map.entry("serve", new NodeInfo.Holding(1, Resources.of(2, 0))));
        assertThat(self().available()).isEqualTo(Resources.of(2, 0));
        second.release();
        assertThat(self().holdings()).isEmpty();
        assertThat(self().available()).isEqualTo(Resources.of(4, 0));
    }

    @Test
    void aBadHolderIsRefusedBeforeAnythingIsTaken() {
        assertThatThrownBy(() -> node.tryReserve(" ", Resources.of(1, 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a reservation's holder must be");
        assertThat(self().available()).isEqualTo(Resources.of(4, 0));
        assertThat(self().holdings()).isEmpty();
    }

    @Test
    void advertisedUrlsAreInTheReportUntilWithdrawn() {
        node.advertise("serve-proxy", "http://127.0.0.1:8000");
        node.advertise("metrics", "http://127.0.0.1:9101/metrics");
        assertThat(self().endpoints()).containsExactly(Map.entry("metrics", "http://127.0.0.1:9101/metrics"),
                Map.entry("serve-proxy", "http://127.0.0.1:8000"));

        node.withdraw("serve-proxy", "http://127.0.0.1:8000");
        assertThat(self().endpoints()).containsOnlyKeys("metrics");
    }
}
