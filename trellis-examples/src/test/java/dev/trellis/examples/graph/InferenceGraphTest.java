package dev.trellis.examples.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.examples.ExampleServer;
import dev.trellis.serve.config.ConfiguredApplication;
import dev.trellis.serve.config.ServeConfigFile;
import dev.trellis.serve.graph.DagDriver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph itself, without HTTP: its config file, local execution and its picture. */
class InferenceGraphTest {
    @Test
    void theConfigFileServesTheDriverWithTwoReplicasAtMyDag() {
        ConfiguredApplication app = ServeConfigFile.load(ExampleServer.configFile("inference-graph.yaml"))
                .applications().getFirst();

        assertThat(app.name()).isEqualTo("inference-graph");
        assertThat(app.routePrefix()).isEqualTo("/my-dag");
        assertThat(app.application().ingress().userClass()).isEqualTo(DagDriver.class);
        assertThat(app.application().ingress().config().numReplicas()).isEqualTo(2);
        var deployments = (List<?>) app.application().args().get(1);
        assertThat(deployments).anySatisfy(d -> {
            var model = (dev.trellis.serve.Application<?>) d;
            assertThat(model.ingress().name()).isEqualTo("Combiner");
            var modelApp = (dev.trellis.serve.Application<?>) model.args().getFirst();
            assertThat(modelApp.ingress().name()).isEqualTo("Model");
            assertThat(modelApp.ingress().config().numReplicas()).as("the file's override").isEqualTo(2);
        });
    }

    @Test
    void localExecutionGivesTheDeployedResult() {
        assertThat(InferenceGraph.graph.executeLocally(List.of("5", List.of(1, 2), "sum")))
                .isEqualTo("sum((1 * (5 + 1.5)))");
    }

    @Test
    void thePictureShowsBothBranchesFeedingTheCombiner() {
        assertThat(InferenceGraph.graph.toMermaid()).contains(
                "input -- \"[0]\" --> step0", "input -- \"[1]\" --> step1", "input -- \"[2]\" --> step2",
                "step0 --> step2", "step1 --> step2", "dep0 -. handle .-> step2");
    }
}
