package dev.trellis.serve;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Stream;

/**
 * A streaming {@link Batch @Batch} method of deployment class {@code T}: it takes a list of
 * inputs {@code I} and produces its results step by step, each step a list with one entry per
 * input ({@code null} once that input's stream has ended). Written as a method reference
 * ({@code Llm::generate}) and passed to {@link DeploymentHandle#streamBatched} or
 * {@link Batching#of}; each caller receives its own entries as a stream.
 */
@FunctionalInterface
public interface StreamingBatchMethod<T, I, O> extends Serializable {
    Stream<List<O>> apply(T self, List<I> items) throws Exception;
}
