package dev.trellis.examples.graph;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentDefinition;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeFunction;
import dev.trellis.serve.graph.DagDriver;
import dev.trellis.serve.graph.DeploymentGraph;
import dev.trellis.serve.graph.Graph;
import dev.trellis.serve.graph.GraphNode;
import dev.trellis.serve.graph.InputNode;
import java.util.List;

/**
 * Seed 000, "Inference graph APIs", in Trellis. The input {@code ["5", [1, 2], "sum"]} is split
 * by position; the two preprocessors are independent branches and run in parallel, then the
 * combiner merges their results and calls the model:
 *
 * <pre>
 *         [0] -&gt; preprocessor (0.1 s) ------\
 * INPUT                                        -&gt; Combiner.run (calls Model.forward, 0.3 s) -&gt; OUTPUT
 *         [1] -&gt; avg_preprocessor (0.15 s) --/       ^
 *         [2] -------------------------------------/  (operation: "sum" or "max")
 * </pre>
 *
 * One request takes about 0.15 + 0.3 = 0.45 s, not 0.1 + 0.15 + 0.3 = 0.55 s. The driver
 * ({@code DAGDriver}, two replicas) is the HTTP ingress: {@code POST /my-dag} with the input
 * as the JSON body answers {@code "sum((1 * (5 + 1.5)))"}. Run it with
 * {@code ./trellis serve run examples/inference-graph.yaml}.
 */
public final class InferenceGraph {
    /** Converts the first part of the input, a string, to an int. */
    public static final DeploymentDefinition<ServeFunction<String, Integer>> PREPROCESSOR =
            Serve.function("preprocessor", Preprocessors::preprocess);

    /** Averages the second part of the input, a list of numbers. */
    public static final DeploymentDefinition<ServeFunction<List<Number>, Double>> AVG_PREPROCESSOR =
            Serve.function("avg_preprocessor", Preprocessors::average);

    /** The graph, for local execution ({@code graph.executeLocally(input)}) and pictures. */
    public static final DeploymentGraph graph = build(PREPROCESSOR, AVG_PREPROCESSOR)
            .withExampleInput(java.util.List.of("5", java.util.List.of(1, 2), "sum"));

    /** The graph behind two driver replicas; import path {@code dev.trellis.examples.graph.InferenceGraph:app}. */
    public static final Application<DagDriver> app = graph.driver(o -> o.numReplicas(2));

    private InferenceGraph() {
    }

    /** Seed 000's graph with the given preprocessing functions (tests pass instrumented ones). */
    public static DeploymentGraph build(DeploymentDefinition<ServeFunction<String, Integer>> preprocessor,
                                        DeploymentDefinition<ServeFunction<List<Number>, Double>> avgPreprocessor) {
        InputNode input = InputNode.create();
        GraphNode<Integer> part1 = Graph.call(preprocessor, input.get(0));
        GraphNode<Double> part2 = Graph.call(avgPreprocessor, input.get(1));
        Application<Combiner> combiner = Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind(1));
        return DeploymentGraph.of(Graph.method(combiner, Combiner::run, part1, part2, input.get(2)));
    }

    /** Runs the graph in this JVM, asks it the seed's question through a handle, and stops. */
    public static void main(String[] args) {
        try {
            DeploymentHandle<DagDriver> dag = Serve.run(app, "inference-graph", "/my-dag");
            System.out.println(dag.remote(DagDriver::predict, List.of("5", List.of(1, 2), "sum")).result());
        } finally {
            Serve.shutdown();
        }
    }
}
