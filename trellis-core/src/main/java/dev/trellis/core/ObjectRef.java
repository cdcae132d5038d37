package dev.trellis.core;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A reference to an immutable object in Trellis' object store: the result of a task or actor
 * call, or a value given to {@link Trellis#put}. Returned at once; the value may not exist yet.
 * It is also a {@link CompletionStage} of the value (failed with the typed error {@link #get()}
 * would throw). Passing a ref as an argument to another task or actor call hands the object
 * over without it passing through the caller.
 *
 * <p>The object lives as long as some ref to it is reachable (anywhere in the cluster) or a
 * pending call needs it; then it is freed on every node holding a copy.
 *
 * @param <T> the object's type
 */
public interface ObjectRef<T> extends CompletionStage<T> {
    /** The object's id, unique in the cluster. */
    String id();

    /**
     * The value, waiting as long as it takes.
     *
     * @throws TaskFailedException if the task that makes it failed
     * @throws ActorDiedException if the actor that makes it died
     * @throws ObjectLostException if every copy was lost and it cannot be rebuilt
     */
    T get();

    /**
     * The value, waiting at most {@code timeout}.
     *
     * @throws GetTimeoutException if it is not ready within {@code timeout}
     */
    T get(Duration timeout);

    /** True once the value (or its failure) is known. */
    boolean isReady();
}
