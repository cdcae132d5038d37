package dev.trellis.serve.graph;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentDefinition;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeFunction;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** Seed 000's graph: two preprocessors feed a combiner that calls a model. */
final class GraphFixtures {
    /** Both preprocessors must be running at once to pass: proves independent branches run in parallel. */
    static volatile CyclicBarrier preprocessorsTogether = new CyclicBarrier(2);

    private GraphFixtures() {
    }

    static void awaitOtherBranch() {
        try {
            preprocessorsTogether.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other preprocessor never ran at the same time", e);
        }
    }

    static final DeploymentDefinition<ServeFunction<String, Integer>> PREPROCESSOR =
            Serve.function("preprocessor", (String s) -> {
                awaitOtherBranch();
                return Integer.parseInt(s);
            });

    static final DeploymentDefinition<ServeFunction<List<Integer>, Double>> AVG_PREPROCESSOR =
            Serve.function("avg_preprocessor", (List<Integer> xs) -> {
                awaitOtherBranch();
                return xs.stream().mapToInt(Integer::intValue).average().orElseThrow();
            });

    public static final class Model {
        private final int weight;

        public Model(int weight) {
            this.weight = weight;
        }

        public String forward(String input) {
            return "(" + weight + " * " + input + ")";
        }
    }

    public static final class Combiner {
        private final DeploymentHandle<Model> model;

        public Combiner(DeploymentHandle<Model> model) {
            this.model = model;
        }

        public String run(int a, double b, String operation) {
            String r = model.remote(Model::forward, "(" + a + " + " + b + ")").result();
            return operation.equals("sum") ? "sum(" + r + ")" : "max(" + r + ")";
        }
    }

    static DeploymentGraph seedGraph() {
        InputNode input = InputNode.create();
        GraphNode<Integer> p1 = Graph.call(PREPROCESSOR, input.get(0));
        GraphNode<Double> p2 = Graph.call(AVG_PREPROCESSOR, input.get(1));
        Application<Combiner> combiner = Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind(1));
        return DeploymentGraph.of(Graph.method(combiner, Combiner::run, p1, p2, input.get(2)));
    }
}
