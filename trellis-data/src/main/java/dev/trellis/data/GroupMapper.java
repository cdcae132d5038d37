package dev.trellis.data;

import java.io.Serializable;

/**
 * Ray's map_groups: all rows of one group (equal keys) in, a batch out.
 *
 * <p>To run on other nodes it must be a method reference or a lambda that captures nothing (it
 * is named by its method there); one that captures values works in one JVM only.
 */
@FunctionalInterface
public interface GroupMapper extends Serializable {
    Batch apply(Batch group) throws Exception;
}
