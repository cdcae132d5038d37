package dev.trellis.serve;

import java.io.Serializable;

/**
 * A method of deployment class {@code T} taking 4 argument(s), written as a method reference
 * ({@code Model::forward}) and passed to {@link DeploymentHandle#remote}. Serializable only so
 * Trellis can read which method it names; the reference itself never leaves the caller.
 */
@FunctionalInterface
public interface Method4<T, A, B, C, D, R> extends Serializable {
    R apply(T self, A arg0, B arg1, C arg2, D arg3) throws Exception;
}
