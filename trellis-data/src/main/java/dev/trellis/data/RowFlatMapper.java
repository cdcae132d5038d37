package dev.trellis.data;

import java.io.Serializable;

/**
 * Ray's flat_map: one row in, any number out.
 *
 * <p>To run on other nodes it must be a method reference or a lambda that captures nothing (it
 * is named by its method there); one that captures values works in one JVM only.
 */
@FunctionalInterface
public interface RowFlatMapper extends Serializable {
    Iterable<Row> apply(Row row) throws Exception;
}
