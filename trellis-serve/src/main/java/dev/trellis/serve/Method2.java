package dev.trellis.serve;

import java.io.Serializable;

/**
 * A method of deployment class {@code T} taking 2 argument(s), written as a method reference
 * ({@code Model::forward}) and passed to {@link DeploymentHandle#remote}. Serializable only so
 * Trellis can read which method it names; the reference itself never leaves the caller.
 */
@FunctionalInterface
public interface Method2<T, A, B, R> extends Serializable {
    R apply(T self, A arg0, B arg1) throws Exception;
}
