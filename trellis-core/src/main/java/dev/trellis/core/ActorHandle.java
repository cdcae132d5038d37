package dev.trellis.core;

import java.util.Optional;

/**
 * A handle to an actor: call its methods with {@code handle.task(Counter::increment, 1).remote()}.
 * Handles may be passed to tasks and other actors. Calls made through handles of one caller run
 * in the order they were made.
 *
 * @param <A> the actor's class
 */
public abstract class ActorHandle<A> extends ActorCalls<A> {
    /** For the runtime only. */
    protected ActorHandle() {
    }

    /** The actor's id, unique in the cluster. */
    public abstract String actorId();

    /** The actor's name, when it was given one. */
    public abstract Optional<String> name();

    /** Handles are equal when they name the same actor, wherever they were made. */
    @Override
    public final boolean equals(Object o) {
        return o instanceof ActorHandle<?> h && h.actorId().equals(actorId());
    }

    @Override
    public final int hashCode() {
        return actorId().hashCode();
    }
}
