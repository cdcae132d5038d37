package dev.trellis.data;

import java.io.Serializable;

/**
 * Ray's filter: keep the rows it accepts.
 *
 * <p>To run on other nodes it must be a method reference or a lambda that captures nothing (it
 * is named by its method there); one that captures values works in one JVM only.
 */
@FunctionalInterface
public interface RowPredicate extends Serializable {
    boolean test(Row row) throws Exception;
}
