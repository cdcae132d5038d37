package dev.trellis.serve;

import dev.trellis.serve.internal.batch.BatchRegistry;
import dev.trellis.serve.internal.invoke.MethodRefs;

/**
 * Access to the batching options of a running deployment instance, from its own code:
 * <pre>{@code
 * public final class Model implements Reconfigurable<Model.Config> {
 *     public record Config(int maxBatchSize) { }
 *
 *     @Batch(maxBatchSize = 8)
 *     public List<String> predict(List<String> inputs) { ... }
 *
 *     @Override
 *     public void reconfigure(Config config) {
 *         Batching.of(this, Model::predict).setMaxBatchSize(config.maxBatchSize());
 *     }
 * }
 * }</pre>
 * Options belong to one instance (one replica) and one method; they start as the method's
 * {@link Batch} values, may be read or changed from the constructor on, and are dropped when
 * the replica closes.
 */
public final class Batching {
    private Batching() {
    }

    /**
     * The batching options of {@code method} on {@code deployment}.
     *
     * @throws IllegalArgumentException if {@code method} is not a {@link Batch @Batch} method of
     *     {@code deployment}'s class
     */
    public static <T, I, O> BatchControl of(T deployment, BatchMethod<T, I, O> method) {
        return BatchRegistry.control(deployment, MethodRefs.resolve(method));
    }

    /** The batching options of the streaming batch method {@code method} on {@code deployment}. */
    public static <T, I, O> BatchControl of(T deployment, StreamingBatchMethod<T, I, O> method) {
        return BatchRegistry.control(deployment, MethodRefs.resolve(method));
    }
}
