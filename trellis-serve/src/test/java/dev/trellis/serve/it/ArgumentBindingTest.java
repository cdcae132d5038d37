package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Application;
import dev.trellis.serve.Batch;
import dev.trellis.serve.DeploymentDefinition;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeFunction;
import dev.trellis.serve.UserCodeException;
import dev.trellis.serve.graph.DagDriver;
import dev.trellis.serve.graph.DeploymentGraph;
import dev.trellis.serve.graph.Graph;
import dev.trellis.serve.graph.GraphNode;
import dev.trellis.serve.graph.InputNode;
import dev.trellis.serve.internal.handle.MethodInvoker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A value that does not fit the parameter it is passed to is bad input, named by method,
 * position, expected type and what came, in both serialization modes and at every hop of a
 * graph: the graph's input parts into function deployments, upstream results and input parts
 * into a class's method, a {@code @Batch} item.
 */
class ArgumentBindingTest extends ServeIntegrationTest {
    static final DeploymentDefinition<ServeFunction<String, Integer>> PARSE =
            Serve.function("parse", (String s) -> Integer.parseInt(s.strip()));
    /** A method reference, so the function's input type keeps its element type (a lambda's is erased to List). */
    static final DeploymentDefinition<ServeFunction<List<Integer>, Double>> AVERAGE =
            Serve.function("average", ArgumentBindingTest::average);

    static Double average(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    public static final class Model {
        public String forward(String input) {
            return "(1 * " + input + ")";
        }
    }

    public static final class Combiner {
        private final DeploymentHandle<Model> model;

        public Combiner(DeploymentHandle<Model> model) {
            this.model = model;
        }

        public String run(int a, double b, String operation) {
            return operation + model.remote(Model::forward, "(" + a + " + " + b + ")").result();
        }
    }

    public record Item(String name, int count) {
    }

    public static final class Shelf {
        public int total(List<Item> items) {
            return items.stream().mapToInt(Item::count).sum();
        }

        @Batch(maxBatchSize = 4, batchWaitTimeoutMillis = 1)
        public List<String> label(List<Item> items) {
            return items.stream().map(i -> i.name() + "x" + i.count()).toList();
        }
    }

    private static DeploymentHandle<DagDriver> graph() {
        InputNode input = InputNode.create();
        GraphNode<Integer> a = Graph.call(PARSE, input.get(0));
        GraphNode<Double> b = Graph.call(AVERAGE, input.get(1));
        Application<Combiner> combiner = Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind());
        return Serve.run(DeploymentGraph.of(Graph.method(combiner, Combiner::run, a, b, input.get(2))).driver(),
                "dag", null);
    }

    private static UserCodeException invalid(DeploymentHandle<DagDriver> dag, Object input) {
        try {
            dag.remote(DagDriver::predict, input).result();
        } catch (UserCodeException e) {
            return e;
        }
        throw new AssertionError(input + " was accepted");
    }

    @Test
    void aGraphsInputPartsAndUpstreamResultsAreBoundToTheTypesTheyArePassedTo() {
        var dag = graph();
        assertThat(dag.remote(DagDriver::predict, List.of("5", List.of(1, 2), "sum")).result())
                .isEqualTo("sum(1 * (5 + 1.5))");

        var notAString = invalid(dag, List.of(1, 2, 3));
        assertThat(notAString.invalidInput()).isTrue();
        assertThat(notAString.userMessage()).isEqualTo("function deployment parse input: expected String, got a number 1");

        assertThat(invalid(dag, List.of("5", "notalist", "sum")).userMessage())
                .isEqualTo("function deployment average input: expected List<Integer>, got a string \"notalist\"");
        assertThat(invalid(dag, List.of("5", List.of(1, "x"), "sum")).userMessage())
                .isEqualTo("function deployment average input, at [1]: expected Integer, got a string \"x\"");
        var operation = invalid(dag, List.of("5", List.of(1, 2), List.of("sum")));
        assertThat(operation.invalidInput()).isTrue();
        assertThat(operation.userMessage())
                .isEqualTo("Combiner.run argument 3 ('operation'): expected String, got a list [\"sum\"]");
        var nullString = invalid(dag, java.util.Arrays.asList(null, List.of(1, 2), "sum"));
        assertThat(nullString.exceptionType()).as("null for a reference type reaches the code, which decides")
                .isEqualTo(NullPointerException.class.getName());

        assertThat(dag.remote(DagDriver::predict, List.of("7", List.of(2), "max")).result())
                .as("bad input leaves the graph serving").isEqualTo("max(1 * (7 + 2.0))");
    }

    @Test
    void anUntypedCallConvertsWhatItCanAndNamesWhatItCannot() throws Exception {
        var shelf = (MethodInvoker) Serve.run(Serve.deployment(Shelf.class).bind(), "shelf", null);
        var total = Shelf.class.getMethod("total", List.class);
        assertThat(shelf.<Integer>invoke(total, List.of(Map.of("name", "a", "count", 2), Map.of("name", "b", "count", 3)))
                .result()).isEqualTo(5);
        assertThatThrownBy(() -> shelf.invoke(total, List.of(Map.of("name", "a", "count", "two"))).result())
                .isInstanceOfSatisfying(UserCodeException.class, e -> {
                    assertThat(e.invalidInput()).isTrue();
                    assertThat(e.userMessage())
                            .isEqualTo("Shelf.total argument 1 ('items'), at [0].count: expected int, got a string \"two\"");
                });

        var label = Shelf.class.getMethod("label", List.class);
        assertThat(shelf.<String>invoke(label, Map.of("name", "c", "count", 4)).result()).isEqualTo("cx4");
        assertThatThrownBy(() -> shelf.invoke(label, Map.of("name", "c")).result())
                .isInstanceOfSatisfying(UserCodeException.class, e -> assertThat(e.userMessage())
                        .isEqualTo("Shelf.label argument 1 ('items'), at count: missing (expected int)"));
    }
}
