package dev.trellis.serve.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Resources;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import dev.trellis.serve.UserCodeException;
import dev.trellis.serve.graph.GraphFixtures.Combiner;
import dev.trellis.serve.graph.GraphFixtures.Model;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeploymentGraphTest {
    @BeforeEach
    void freshBarrier() {
        GraphFixtures.preprocessorsTogether = new CyclicBarrier(2);
    }

    @AfterEach
    void stop() {
        Serve.shutdown();
    }

    @Test
    void theDeployedGraphRunsIndependentBranchesInParallelAndResolvesEverything() {
        Serve.start(ServeOptions.builder().serializeMessages(true).nodeResources(Resources.of(8, 0)).build());
        DeploymentHandle<DagDriver> dag = Serve.run(GraphFixtures.seedGraph().driver(o -> o.numReplicas(2)), "dag", null);

        Object sum = dag.remote(DagDriver::predict, List.of("5", List.of(1, 2), "sum")).result();
        GraphFixtures.preprocessorsTogether = new CyclicBarrier(2);
        Object max = dag.remote(DagDriver::predict, List.of("5", List.of(1, 2), "max")).result();

        assertThat(sum).isEqualTo("sum((1 * (5 + 1.5)))");
        assertThat(max).isEqualTo("max((1 * (5 + 1.5)))");
        assertThat(Serve.status().application("dag").deployments())
                .containsOnlyKeys("DAGDriver", "preprocessor", "avg_preprocessor", "Combiner", "Model");
    }

    @Test
    void localExecutionGivesTheSameResultWithoutReplicas() {
        Object result = GraphFixtures.seedGraph().executeLocally(List.of("5", List.of(1, 2), "sum"));
        assertThat(result).isEqualTo("sum((1 * (5 + 1.5)))");
        assertThat(Serve.isRunning()).isFalse();
    }

    @Test
    void inputFieldsCanBeTakenByKey() {
        InputNode input = InputNode.create();
        var combiner = Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind(3));
        var graph = DeploymentGraph.of(Graph.method(combiner, Combiner::run, input.get("a"), input.get("b"), input.get("op")));
        assertThat(graph.executeLocally(Map.of("a", 1, "b", 2.0, "op", "max"))).isEqualTo("max((3 * (1 + 2.0)))");
    }

    @Test
    void aUserExceptionInLocalModeIsTypedAsWhenDeployed() {
        var graph = GraphFixtures.seedGraph();
        GraphFixtures.preprocessorsTogether = new CyclicBarrier(1);
        assertThatThrownBy(() -> graph.executeLocally(List.of("five", List.of(1, 2), "sum")))
                .isInstanceOf(UserCodeException.class)
                .hasMessageContaining("NumberFormatException");
    }

    @Test
    void anInputOfTheWrongShapeIsInvalidInputNamingWhatWasExpected() {
        assertThatThrownBy(() -> GraphFixtures.seedGraph().executeLocally(Map.of("a", 1)))
                .isInstanceOf(dev.trellis.serve.InvalidInputException.class)
                .hasMessage("the graph takes element 0 of its input, so the input must be a JSON array, was a JSON object");
    }

    @Test
    void twoInputNodesAreRefused() {
        var combiner = Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind(1));
        var node = Graph.method(combiner, Combiner::run, InputNode.create().get(0), 2.0, InputNode.create().get(1));
        assertThatIllegalArgumentException().isThrownBy(() -> DeploymentGraph.of(node))
                .withMessageContaining("two different InputNodes");
    }

    @Test
    void anUnboundDeploymentIsRefusedByName() {
        var combiner = Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind(1));
        var node = Graph.method(combiner, Combiner::run, 1, 2.0, Serve.deployment(Model.class));
        assertThatIllegalArgumentException().isThrownBy(() -> DeploymentGraph.of(node))
                .withMessageContaining("deployment Model is used by Combiner.run but never bound");
    }

    @Test
    void argumentTypesThatCannotMatchAreRefusedBeforeDeploying() {
        InputNode input = InputNode.create();
        var model = Serve.deployment(Model.class).bind(1);
        var combiner = Serve.deployment(Combiner.class).bind(model);
        var text = Graph.method(model, Model::forward, input.get(0));
        var node = Graph.method(combiner, Combiner::run, text, 2.0, "sum");
        assertThatIllegalArgumentException().isThrownBy(() -> DeploymentGraph.of(node))
                .withMessage("argument 1 of Combiner.run must be int but Model.forward produces String");
    }

    @Test
    void picturesShowDataAndHandleEdges() {
        var graph = GraphFixtures.seedGraph();
        String mermaid = graph.toMermaid();
        assertThat(mermaid).startsWith("flowchart LR")
                .contains("input -- \"[0]\" --> step0", "step0[\"preprocessor\"]", "step2[\"Combiner.run\"]",
                        "step0 --> step2", "step1 --> step2", "dep0 -. handle .-> step2", "step2 --> output");
        String dot = graph.toDot();
        assertThat(dot).startsWith("digraph deployment_graph {")
                .contains("step1 [label=\"avg_preprocessor\", shape=box];", "input -> step1 [label=\"[1]\"];",
                        "dep0 -> step2 [style=dotted, label=\"handle\"];");
    }
}
