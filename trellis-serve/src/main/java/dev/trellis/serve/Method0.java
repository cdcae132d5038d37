package dev.trellis.serve;

import java.io.Serializable;

/**
 * A method of deployment class {@code T} taking 0 argument(s), written as a method reference
 * ({@code Model::forward}) and passed to {@link DeploymentHandle#remote}. Serializable only so
 * Trellis can read which method it names; the reference itself never leaves the caller.
 */
@FunctionalInterface
public interface Method0<T, R> extends Serializable {
    R apply(T self) throws Exception;
}
