package dev.trellis.data;

import java.io.Serializable;

/**
 * Ray's map_batches: a batch in, a batch out (of any length). A class implementing it with a public constructor runs on an actor pool (`mapBatches(Class, ActorPoolOptions)`), built once per actor.
 *
 * <p>To run on other nodes it must be a method reference or a lambda that captures nothing (it
 * is named by its method there); one that captures values works in one JVM only.
 */
@FunctionalInterface
public interface BatchMapper extends Serializable {
    Batch apply(Batch batch) throws Exception;
}
