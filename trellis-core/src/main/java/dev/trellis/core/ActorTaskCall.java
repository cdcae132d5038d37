package dev.trellis.core;

/**
 * A call of an actor method, ready to submit. From {@code handle.task(Counter::increment, 1)}.
 *
 * @param <R> the method's result type
 */
public interface ActorTaskCall<R> {
    /** Submits the call and returns a ref to its result at once. Calls from one caller run in order. */
    ObjectRef<R> remote();
}
