package dev.trellis.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.trellis.core.NodeInfo;
import dev.trellis.core.Resources;
import dev.trellis.core.internal.ActorSystems;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The libraries' holdings and the advertised URLs of a node's report through the serializer the cluster uses. */
class NodeReportWireTest {
    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = ActorSystems.embedded(Behaviors.empty(), "node-report-wire", false,
                com.typesafe.config.ConfigFactory.empty());
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    private static Object roundTrip(Object message) throws Exception {
        var serialization = SerializationExtension.get(Adapter.toClassic(system));
        var serializer = serialization.findSerializerFor(message);
        byte[] bytes = serializer.toBinary(message);
        return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
                .get();
    }

    private static NodeReport report(Map<String, NodeInfo.Holding> holdings, Map<String, String> endpoints) {
        return new NodeReport("n1", "127.0.0.1:6380", "head", Resources.of(4, 1), Resources.of(1, 0.5), 0, List.of(),
                0, 0, 0, List.of(), holdings, endpoints);
    }

    @Test
    void aReportCarriesEachHoldersReservationsAndTheNodesUrls() throws Exception {
        var report = report(Map.of("serve", new NodeInfo.Holding(3, new Resources(3, 0.5, Map.of("accelerator", 2.0)))),
                Map.of("metrics", "http://127.0.0.1:9101/metrics", "serve-proxy", "http://127.0.0.1:8000"));

        Object back = roundTrip(report);
        assertThat(back).isEqualTo(report);
        assertThat(((NodeReport) back).endpoints().keySet()).containsExactly("metrics", "serve-proxy");
        // The heartbeat that takes it to the directory, and the view that takes it to every node.
        var view = new AgentProtocol.DirectoryView("inc", 7, "n1", List.of(report), true);
        assertThat(((AgentProtocol.DirectoryView) roundTrip(view)).nodes()).containsExactly(report);
    }

    @Test
    void aReportFromANodeThatPredatesTheFieldsReadsAsHoldingAndAdvertisingNothing() throws Exception {
        // An older node's report: the same record without the two fields.
        record OlderReport(String nodeId, String address, String role, Resources total, Resources available,
                           int runningTasks, List<String> pending, int actors, long objectStoreBytes,
                           long spilledBytes) {
        }
        byte[] older = new CBORMapper().writeValueAsBytes(new OlderReport("n1", "a", "worker", Resources.NONE,
                Resources.NONE, 0, List.of(), 0, 0, 0));
        var serialization = SerializationExtension.get(Adapter.toClassic(system));
        var serializer = serialization.serializerFor(NodeReport.class);
        var back = (NodeReport) serialization.deserialize(older, serializer.identifier(), "cl.report").get();

        assertThat(back.holdings()).isEmpty();
        assertThat(back.endpoints()).isEmpty();
        assertThat(back.placementGroups()).isEmpty();
    }
}
