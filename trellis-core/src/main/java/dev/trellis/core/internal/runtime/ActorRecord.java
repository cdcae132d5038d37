package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One actor hosted on this node: its instance, its mailbox and its life (pending, alive,
 * restarting, dead). Calls leave the mailbox in the order they arrived, at most
 * {@code maxConcurrency} at a time, and only once the head call's argument refs are ready, so
 * calls from one caller run in order. State changes under this object's lock; {@link ActorManager}
 * does the work.
 */
final class ActorRecord {
    enum State { PENDING, ALIVE, RESTARTING, DEAD }

    final String id;
    /** The name this node registered the actor under, or null (set later when a detached actor's host takes it over). */
    volatile String name;
    final ActorOptions options;
    final FunctionRef constructorRef;
    final Invocable constructor;
    final Object[] constructorArgs;
    /** The placement group bundle (its key on this node) the actor draws its resources from, or null. */
    volatile String bundleKey;
    /** The node that owns the actor when another node created it here (cluster mode), else null. */
    volatile String owner;
    /** The class the constructor makes (known before it runs when it is a {@code ::new} reference), or null. */
    volatile Class<?> actorClass;

    State state = State.PENDING;
    Object instance;
    int incarnation;
    int restarts;
    String deathReason;
    LocalScheduler.Lease lease;
    int handles;
    boolean waitingForArgs;
    final ArrayDeque<ActorCall> mailbox = new ArrayDeque<>();
    /** Told when the actor is up and when it dies (cluster mode reports both to the actor's owner). */
    volatile Lifecycle lifecycle = Lifecycle.NONE;

    interface Lifecycle {
        Lifecycle NONE = new Lifecycle() {
        };

        default void alive(ActorRecord record) {
        }

        default void died(ActorRecord record, String reason) {
        }
    }
    final Set<ActorCall> inFlight = new LinkedHashSet<>();

    ActorRecord(String id, String name, ActorOptions options, FunctionRef constructorRef, Invocable constructor,
                Object[] constructorArgs, Class<?> actorClass) {
        this.id = id;
        this.name = name;
        this.options = options;
        this.constructorRef = constructorRef;
        this.constructor = constructor;
        this.constructorArgs = constructorArgs;
        this.actorClass = actorClass;
    }

    /** A display name for errors: {@code Counter 'c' (a-1f)}. */
    String describe() {
        String type = actorClass == null ? constructorRef.displayName() : actorClass.getSimpleName();
        return type + (name == null ? "" : " '" + name + "'") + " (" + id + ")";
    }

    /** True if the actor may be restarted once more. */
    boolean hasRestartsLeft() {
        return options.maxRestarts() == -1 || restarts < options.maxRestarts();
    }

    /** Takes the calls that were running, for failing or retrying. */
    List<ActorCall> takeInFlight() {
        var out = new ArrayList<>(inFlight);
        inFlight.clear();
        return out;
    }
}
