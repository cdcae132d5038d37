package dev.trellis.serve.internal.controller;

import static dev.trellis.serve.internal.controller.Specs.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link DeploymentState} keeping the multiplexed model ids replicas report, for the routers. */
class DeploymentStateModelsTest extends DeploymentStateTestSupport {
    @Test
    void aReportedSetIsKeptAndChangesTheRouting() {
        var d = state(deployment("Model", o -> o.numReplicas(2)));
        var ids = startAll(d);
        long before = d.routingVersion();

        d.onMultiplexedModelsChanged(ids.getFirst(), 1, Set.of("a", "b"));

        assertThat(d.multiplexedModelIds(ids.getFirst())).containsExactlyInAnyOrder("a", "b");
        assertThat(d.multiplexedModelIds(ids.get(1))).isEmpty();
        assertThat(d.routingVersion()).isGreaterThan(before);
    }

    @Test
    void anOlderReportArrivingLateIsIgnored() {
        var d = state(deployment("Model"));
        var id = startAll(d).getFirst();
        d.onMultiplexedModelsChanged(id, 2, Set.of("a", "c"));
        long before = d.routingVersion();

        d.onMultiplexedModelsChanged(id, 1, Set.of("a"));

        assertThat(d.multiplexedModelIds(id)).containsExactlyInAnyOrder("a", "c");
        assertThat(d.routingVersion()).isEqualTo(before);
    }

    @Test
    void anUnchangedSetDoesNotChangeTheRouting() {
        var d = state(deployment("Model"));
        var id = startAll(d).getFirst();
        d.onMultiplexedModelsChanged(id, 1, Set.of("a"));
        long before = d.routingVersion();

        d.onMultiplexedModelsChanged(id, 3, Set.of("a"));

        assertThat(d.routingVersion()).isEqualTo(before);
    }

    @Test
    void aReportOfAnUnknownReplicaIsIgnored() {
        var d = state(deployment("Model"));
        startAll(d);
        long before = d.routingVersion();

        d.onMultiplexedModelsChanged("app#Model#99", 1, Set.of("a"));

        assertThat(d.multiplexedModelIds("app#Model#99")).isEmpty();
        assertThat(d.routingVersion()).isEqualTo(before);
    }
}
