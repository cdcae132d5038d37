package dev.trellis.serve;

import java.io.Serializable;
import java.util.List;

/**
 * A {@link Batch @Batch} method of deployment class {@code T}, taking a list of inputs {@code I}
 * and returning one output {@code O} per input, written as a method reference
 * ({@code Model::predict}) and passed to {@link DeploymentHandle#remoteBatched} or
 * {@link Batching#of}. Serializable only so Trellis can read which method it names; the
 * reference itself never leaves the caller.
 */
@FunctionalInterface
public interface BatchMethod<T, I, O> extends Serializable {
    List<O> apply(T self, List<I> items) throws Exception;
}
