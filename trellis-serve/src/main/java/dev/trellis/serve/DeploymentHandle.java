package dev.trellis.serve;

import java.util.stream.Stream;

/**
 * A typed, thread-safe client of one deployment. Handles are returned by {@link Serve#run},
 * injected into the constructors of deployments bound with other deployments as arguments,
 * and work from any thread, including inside replicas.
 *
 * <p>A call names the method by reference and returns at once:
 * <pre>{@code
 * DeploymentResponse<String> r = model.remote(Model::forward, "x");
 * String s = r.result();
 * }</pre>
 * Any argument may be a {@link DeploymentResponse} of an earlier call (chaining without
 * waiting); it is resolved before the call is sent, and its failure becomes this call's failure.
 *
 * @param <T> the deployment's class
 */
public interface DeploymentHandle<T> {

    String applicationName();

    String deploymentName();

    /**
     * A handle to the same deployment whose calls carry changed options (Ray's
     * {@code handle.options(...)}); this handle is unchanged, and both share the node's router:
     * <pre>{@code
     * classifier.options(o -> o.multiplexedModelId("customer-a")).remote(Classifier::predict, text);
     * }</pre>
     *
     * @param change edits a builder that starts from this handle's options
     * @throws IllegalArgumentException if an option value is invalid (the message names it)
     */
    DeploymentHandle<T> options(java.util.function.Consumer<HandleOptions.Builder> change);

    <R> DeploymentResponse<R> remote(Method0<T, R> method);

    <A, R> DeploymentResponse<R> remote(Method1<T, A, R> method, A a);

    <A, R> DeploymentResponse<R> remote(Method1<T, A, R> method, DeploymentResponse<? extends A> a);

    <A, B, R> DeploymentResponse<R> remote(Method2<T, A, B, R> method, A a, B b);

    <A, B, R> DeploymentResponse<R> remote(Method2<T, A, B, R> method, DeploymentResponse<? extends A> a, B b);

    <A, B, R> DeploymentResponse<R> remote(Method2<T, A, B, R> method, A a, DeploymentResponse<? extends B> b);

    <A, B, R> DeploymentResponse<R> remote(Method2<T, A, B, R> method, DeploymentResponse<? extends A> a,
                                           DeploymentResponse<? extends B> b);

    <A, B, C, R> DeploymentResponse<R> remote(Method3<T, A, B, C, R> method, A a, B b, C c);

    <A, B, C, D, R> DeploymentResponse<R> remote(Method4<T, A, B, C, D, R> method, A a, B b, C c, D d);

    /**
     * Calls a method returning a {@code java.util.stream.Stream} and receives its items as the
     * replica produces them (Ray's {@code handle.options(stream=True)}):
     * <pre>{@code
     * try (DeploymentStream<String> tokens = llm.stream(Llm::generate, prompt)) {
     *     tokens.forEachRemaining(System.out::print);
     * }
     * }</pre>
     */
    <R> DeploymentStream<R> stream(Method0<T, Stream<R>> method);

    <A, R> DeploymentStream<R> stream(Method1<T, A, Stream<R>> method, A a);

    <A, B, R> DeploymentStream<R> stream(Method2<T, A, B, Stream<R>> method, A a, B b);

    /**
     * Calls a {@link Batch @Batch} method with one item: the replica batches it with other
     * callers' items, and this response gets the item's own result (Ray's
     * {@code handle.predict.remote(x)} on a {@code @serve.batch} method):
     * <pre>{@code
     * String label = model.remoteBatched(Model::classify, image).result();
     * }</pre>
     * Named apart from {@code remote} because a method reference taking a {@code List} would
     * otherwise be ambiguous.
     *
     * @throws IllegalArgumentException if the method is not annotated {@code @Batch}
     */
    <I, O> DeploymentResponse<O> remoteBatched(BatchMethod<T, I, O> method, I item);

    /** {@link #remoteBatched(BatchMethod, Object)} with the item an earlier call's response. */
    <I, O> DeploymentResponse<O> remoteBatched(BatchMethod<T, I, O> method, DeploymentResponse<? extends I> item);

    /**
     * Calls a streaming {@link Batch @Batch} method with one item and receives this item's results
     * as the batch produces them.
     *
     * @throws IllegalArgumentException if the method is not annotated {@code @Batch}
     */
    <I, O> DeploymentStream<O> streamBatched(StreamingBatchMethod<T, I, O> method, I item);
}
