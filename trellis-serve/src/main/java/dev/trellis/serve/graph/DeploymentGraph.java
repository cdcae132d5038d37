package dev.trellis.serve.graph;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.DeploymentDefinition;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeFunction;
import dev.trellis.serve.internal.invoke.CallSignature;
import dev.trellis.serve.internal.invoke.FunctionTypes;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A validated deployment graph (Ray's DAG with an {@code InputNode}): its steps in execution
 * order and the deployments they call. Deploy it behind a {@link DagDriver}
 * ({@link #driver()}), run it in this process without replicas ({@link #executeLocally}), or
 * draw it ({@link #toMermaid()}, {@link #toDot()}).
 *
 * <p>{@link #of} checks, before anything is deployed: exactly one {@link InputNode}; every
 * argument an upstream node, a plain value or a bound deployment's handle (an unbound
 * {@code DeploymentDefinition} is refused); the argument count of every call; and that every
 * argument whose type is known fits the parameter it is passed to. Cycles cannot be built:
 * nodes are immutable and refer only to nodes made before them.
 */
public final class DeploymentGraph {
    private final GraphPlan plan;
    private final List<Application<?>> deployments;
    private final Object exampleInput;

    private DeploymentGraph(GraphPlan plan, List<Application<?>> deployments, Object exampleInput) {
        this.plan = plan;
        this.deployments = deployments;
        this.exampleInput = exampleInput;
    }

    /**
     * A copy that carries an example input, such as {@code List.of("5", List.of(1, 2), "sum")}:
     * {@code trellis serve run} prints a {@code curl} sending it as JSON.
     */
    public DeploymentGraph withExampleInput(Object input) {
        return new DeploymentGraph(plan, deployments, input);
    }

    /** The example input, if one was given. */
    public java.util.Optional<Object> exampleInput() {
        return java.util.Optional.ofNullable(exampleInput);
    }

    /** Builds and validates the graph whose output is {@code output}. */
    public static DeploymentGraph of(GraphNode<?> output) {
        if (!(output instanceof CallNode<?>)) {
            throw new IllegalArgumentException("a graph's output must be a call of a deployment, was " + output);
        }
        var builder = new Builder();
        builder.visit(output);
        return new DeploymentGraph(new GraphPlan(List.copyOf(builder.steps)), List.copyOf(builder.targets.keySet()), null);
    }

    GraphPlan plan() {
        return plan;
    }

    /** The deployments the graph calls, in the order steps refer to them. */
    public List<Application<?>> deployments() {
        return deployments;
    }

    /** The graph behind a {@link DagDriver} ingress named "DAGDriver", ready for {@code Serve.run}. */
    public Application<DagDriver> driver() {
        return driver(o -> { });
    }

    /** Like {@link #driver()}, with the driver's options changed (e.g. {@code o -> o.numReplicas(2)}). */
    public Application<DagDriver> driver(Consumer<DeploymentConfig.Builder> options) {
        DeploymentDefinition<DagDriver> driver = Serve.deployment(DagDriver.class).withName("DAGDriver").options(options);
        return driver.bind(this, new ArrayList<Object>(deployments));
    }

    /**
     * Runs the graph in the calling process, without an actor system or replicas: each
     * deployment is constructed once here and called on virtual threads, independent branches
     * in parallel, so unit tests and debugging see the same results as the deployed graph.
     * User exceptions surface as {@code UserCodeException}, as they do when deployed.
     */
    public Object executeLocally(Object input) {
        try (var local = new LocalDeployments()) {
            return plan.execute(input, deployments.stream().map(local::handle).toList()).result();
        }
    }

    /** A Mermaid flowchart of the graph. */
    public String toMermaid() {
        return GraphPictures.mermaid(this);
    }

    /** A Graphviz DOT digraph of the graph. */
    public String toDot() {
        return GraphPictures.dot(this);
    }

    /** Orders nodes depth-first (inputs before the calls that use them) and checks each call. */
    private static final class Builder {
        private final Map<GraphNode<?>, Integer> stepOf = new IdentityHashMap<>();
        private final Map<Application<?>, Integer> targets = new LinkedHashMap<>();
        private final List<GraphPlan.Step> steps = new ArrayList<>();
        private InputNode input;

        private int visit(CallNode<?> node) {
            Integer done = stepOf.get(node);
            if (done != null) {
                return done;
            }
            Method method = node.method();
            int parameterCount = CallSignature.rawParameterTypes(method).length;
            if (parameterCount != node.args().size()) {
                throw new IllegalArgumentException(node.label() + " takes " + parameterCount
                        + " argument(s) but is bound to " + node.args().size());
            }
            var args = new ArrayList<GraphPlan.Arg>();
            for (int i = 0; i < node.args().size(); i++) {
                args.add(argument(node, i, node.args().get(i)));
            }
            int target = targets.computeIfAbsent(node.target(), t -> targets.size());
            steps.add(new GraphPlan.Step(target, method, List.copyOf(args), node.label()));
            stepOf.put(node, steps.size() - 1);
            return steps.size() - 1;
        }

        private int visit(GraphNode<?> node) {
            return visit((CallNode<?>) node);
        }

        private GraphPlan.Arg argument(CallNode<?> node, int i, Object arg) {
            Class<?> expected = parameterType(node, i);
            return switch (arg) {
                case InputNode in -> {
                    useInput(in);
                    yield new GraphPlan.InputArg(-1, null);
                }
                case InputNode.Part part -> {
                    useInput(part.input());
                    yield new GraphPlan.InputArg(part.index(), part.key());
                }
                case CallNode<?> upstream -> {
                    checkFits(node, i, expected, outputType(upstream), upstream.label());
                    yield new GraphPlan.StepArg(visit(upstream));
                }
                case DeploymentDefinition<?> unbound -> throw new IllegalArgumentException("deployment "
                        + unbound.name() + " is used by " + node.label() + " but never bound: bind it with "
                        + unbound.name() + ".bind(...), or call it with Graph.call / Graph.method");
                case Application<?> bound -> throw new IllegalArgumentException("argument " + (i + 1) + " of "
                        + node.label() + " is the deployment " + bound.ingress().name() + " itself; pass it to a"
                        + " constructor with bind(...) to get a handle, or call one of its methods with Graph.method");
                case null -> {
                    if (expected.isPrimitive()) {
                        throw new IllegalArgumentException("argument " + (i + 1) + " of " + node.label() + " is null but "
                                + "the parameter is a " + expected.getName());
                    }
                    yield new GraphPlan.ValueArg(null);
                }
                default -> {
                    checkFits(node, i, expected, arg.getClass(), "the value " + arg);
                    yield new GraphPlan.ValueArg(arg);
                }
            };
        }

        private void useInput(InputNode in) {
            if (input == null) {
                input = in;
            } else if (input != in) {
                throw new IllegalArgumentException("the graph uses two different InputNodes; a graph has exactly one");
            }
        }

        private static Class<?> parameterType(CallNode<?> node, int i) {
            if (node.isFunction()) {
                Type t = FunctionTypes.inputType((ServeFunction<?, ?>) node.target().ingress().function());
                return t instanceof Class<?> c ? c : Object.class;
            }
            return CallSignature.rawParameterTypes(node.method())[i];
        }

        private static Class<?> outputType(CallNode<?> node) {
            if (node.isFunction()) {
                Type t = FunctionTypes.outputType((ServeFunction<?, ?>) node.target().ingress().function());
                return t instanceof Class<?> c ? c : Object.class;
            }
            return CallSignature.rawReturnType(node.method());
        }

        private static void checkFits(CallNode<?> node, int i, Class<?> expected, Class<?> actual, String what) {
            if (actual == Object.class || expected == Object.class) {
                return;
            }
            Class<?> want = box(expected);
            Class<?> got = box(actual);
            boolean fits = want.isAssignableFrom(got)
                    || (Number.class.isAssignableFrom(got) && Number.class.isAssignableFrom(want) && expected.isPrimitive());
            if (!fits) {
                throw new IllegalArgumentException("argument " + (i + 1) + " of " + node.label() + " must be "
                        + expected.getSimpleName() + " but " + what + " produces " + actual.getSimpleName());
            }
        }

        private static Class<?> box(Class<?> c) {
            return c.isPrimitive() ? java.lang.invoke.MethodType.methodType(c).wrap().returnType() : c;
        }
    }
}
