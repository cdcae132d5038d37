package dev.trellis.serve;

import java.io.Serializable;

/**
 * A method reference to a deployment's {@link Multiplexed @Multiplexed} loader, such as
 * {@code Classifier::load}, as {@link Multiplexing#model} takes it. Serializable only so that
 * Trellis can tell which method it names (the way handle calls name methods); it never leaves
 * the replica.
 *
 * @param <T> the deployment class
 * @param <M> the model type the loader returns
 */
@FunctionalInterface
public interface ModelLoader<T, M> extends Serializable {
    M load(T self, String modelId) throws Exception;
}
