package dev.trellis.serve.graph;

import dev.trellis.serve.Application;
import dev.trellis.serve.BatchMethod;
import dev.trellis.serve.DeploymentDefinition;
import dev.trellis.serve.Method1;
import dev.trellis.serve.Method2;
import dev.trellis.serve.Method3;
import dev.trellis.serve.Method4;
import dev.trellis.serve.ServeFunction;
import dev.trellis.serve.internal.batch.BatchMethods;
import dev.trellis.serve.internal.invoke.MethodRefs;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Builds graph nodes, the Java form of Ray's {@code .bind()} on functions and methods:
 * <pre>{@code
 * InputNode input = InputNode.create();
 * GraphNode<Integer> p1 = Graph.call(preprocessor, input.get(0));
 * GraphNode<Double> p2 = Graph.call(avgPreprocessor, input.get(1));
 * Application<Combiner> combiner = Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind(1));
 * GraphNode<String> out = Graph.method(combiner, Combiner::run, p1, p2, input.get(2));
 * DeploymentGraph graph = DeploymentGraph.of(out);
 * }</pre>
 * Each argument is an upstream {@link GraphNode} or a plain value. Types are checked when the
 * graph is built ({@link DeploymentGraph#of}), before anything is deployed.
 */
public final class Graph {
    private Graph() {
    }

    /** A call of a function deployment; each {@code call} is its own deployment, as in Ray. */
    public static <I, O> GraphNode<O> call(DeploymentDefinition<ServeFunction<I, O>> function, Object input) {
        if (function.function() == null) {
            throw new IllegalArgumentException("Graph.call takes a function deployment (Serve.function); "
                    + function.name() + " is a class: use Graph.method");
        }
        return new CallNode<>(function.bind(), APPLY, Arrays.asList(input));
    }

    public static <T, A, R> GraphNode<R> method(Application<T> target, Method1<T, A, R> method, Object a) {
        if (BatchMethods.isBatch(MethodRefs.resolve(method))) {
            throw new IllegalArgumentException(BatchMethods.name(
                    MethodRefs.resolve(method)) + " is a @Batch method, called one item at a time: use Graph.batched");
        }
        return node(target, method, a);
    }

    public static <T, A, B, R> GraphNode<R> method(Application<T> target, Method2<T, A, B, R> method, Object a, Object b) {
        return node(target, method, a, b);
    }

    public static <T, A, B, C, R> GraphNode<R> method(Application<T> target, Method3<T, A, B, C, R> method,
                                                      Object a, Object b, Object c) {
        return node(target, method, a, b, c);
    }

    public static <T, A, B, C, D, R> GraphNode<R> method(Application<T> target, Method4<T, A, B, C, D, R> method,
                                                         Object a, Object b, Object c, Object d) {
        return node(target, method, a, b, c, d);
    }

    /**
     * A call of a {@link dev.trellis.serve.Batch @Batch} method with one item per graph input; the
     * replica batches the calls of concurrent inputs, as it does for {@code remoteBatched}.
     */
    public static <T, I, O> GraphNode<O> batched(Application<T> target, BatchMethod<T, I, O> method, Object item) {
        if (!BatchMethods.isBatch(MethodRefs.resolve(method))) {
            throw new IllegalArgumentException("Graph.batched takes a @Batch method; "
                    + BatchMethods.name(MethodRefs.resolve(method))
                    + " is not annotated @Batch: use Graph.method");
        }
        return node(target, method, item);
    }

    private static <R> GraphNode<R> node(Application<?> target, Serializable ref, Object... args) {
        if (target == null) {
            throw new IllegalArgumentException("the target of a method node must be a bound deployment, was null");
        }
        Method method = MethodRefs.resolve(ref);
        if (!method.getDeclaringClass().isAssignableFrom(target.ingress().userClass())) {
            throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "::" + method.getName()
                    + " is not a method of deployment " + target.ingress().name());
        }
        return new CallNode<>(target, method, Arrays.asList(args));
    }

    private static final Method APPLY;

    static {
        try {
            APPLY = ServeFunction.class.getMethod("apply", Object.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
