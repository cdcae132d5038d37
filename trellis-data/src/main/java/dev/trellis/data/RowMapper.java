package dev.trellis.data;

import java.io.Serializable;

/**
 * Ray's map: one row in, one row out.
 *
 * <p>To run on other nodes it must be a method reference or a lambda that captures nothing (it
 * is named by its method there); one that captures values works in one JVM only.
 */
@FunctionalInterface
public interface RowMapper extends Serializable {
    Row apply(Row row) throws Exception;
}
