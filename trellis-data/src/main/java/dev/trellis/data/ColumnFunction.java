package dev.trellis.data;

import java.io.Serializable;

/**
 * Ray's add_column: the new column's values for a batch, an array of its length (`long[]`, `double[]`, `String[]`...).
 *
 * <p>To run on other nodes it must be a method reference or a lambda that captures nothing (it
 * is named by its method there); one that captures values works in one JVM only.
 */
@FunctionalInterface
public interface ColumnFunction extends Serializable {
    Object apply(Batch batch) throws Exception;
}
