package dev.trellis.core;

import dev.trellis.core.internal.runtime.CoreRuntimes;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An actor ready to create: from {@code Trellis.actor(Counter::new, 0)}, optionally with
 * {@link #options}. Immutable.
 *
 * @param <A> the actor's class
 */
public final class ActorCreator<A> {
    private final Serializable constructor;
    private final Object[] args;
    private final ActorOptions options;

    ActorCreator(Serializable constructor, Object[] args) {
        this(constructor, args, ActorOptions.DEFAULT);
    }

    private ActorCreator(Serializable constructor, Object[] args, ActorOptions options) {
        this.constructor = Objects.requireNonNull(constructor, "constructor");
        this.args = args;
        this.options = options;
    }

    /** The same actor with options changed, e.g. {@code options(o -> o.name("c").maxRestarts(2))}. */
    public ActorCreator<A> options(Consumer<ActorOptions.Builder> change) {
        ActorOptions.Builder b = ActorOptions.builder();
        change.accept(b);
        return new ActorCreator<>(constructor, args, b.build());
    }

    /**
     * Creates the actor; returns its handle at once (calls made before it is constructed wait).
     *
     * @throws IllegalArgumentException if the name is already taken
     */
    public ActorHandle<A> remote() {
        return CoreRuntimes.current().createActor(constructor, args.clone(), options);
    }
}
