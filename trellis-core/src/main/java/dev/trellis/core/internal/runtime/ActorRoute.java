package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What one node knows of an actor hosted on another node (cluster mode): where it runs now, its
 * calls waiting for a host, and the calls sent and not yet answered. The actor's owner (the node
 * that created it) also keeps how to create it again, and places it again when its host dies (up
 * to {@code maxRestarts}); other nodes holding a handle ask the owner where it is. State changes
 * under this object's lock; {@link RemoteActors} does the work.
 */
final class ActorRoute {
    enum State { PLACING, CREATING, ALIVE, DEAD }

    final String actorId;
    /**
     * The node that owns the actor: its creator, or (other nodes only) the host of a detached
     * actor whose creator died, which took it over.
     */
    volatile String owner;
    /** Whether the actor is detached (other nodes only: as the owner's or host's {@code ActorReady} says). */
    volatile boolean detached;
    /** Owner only: how to create the actor (null on other nodes). */
    final ActorOptions options;
    final FunctionRef constructor;
    final Object[] constructorArgs;
    final String name;

    volatile String className;
    int maxTaskRetries;
    State state;
    /** The node hosting the actor now, or null while it is placed or located. */
    String host;
    /** A host known to be dead: a location naming it is stale (other nodes only). */
    String deadHost;
    String deathReason;
    /** Restarts used: hosts lost plus restarts on a host. */
    int restarts;
    /** Alive reports from the current host (the first is its start, each later one a restart there). */
    int aliveReports;
    int handles;
    /** Calls made while no host is known, in call order. */
    final ArrayDeque<RemoteActors.Call> waiting = new ArrayDeque<>();
    /** Calls sent to {@link #host} and not answered yet, in call order. */
    final LinkedHashMap<String, RemoteActors.Call> inFlight = new LinkedHashMap<>();
    /** Owner only: nodes waiting to learn where the actor runs. */
    final List<String> locators = new ArrayList<>();

    /** The route of an actor this node owns. */
    ActorRoute(String actorId, String owner, ActorOptions options, FunctionRef constructor, Object[] constructorArgs,
               String className) {
        this.actorId = actorId;
        this.owner = owner;
        this.options = options;
        this.constructor = constructor;
        this.constructorArgs = constructorArgs;
        this.name = options.name();
        this.className = className;
        this.maxTaskRetries = options.maxTaskRetries();
        this.state = State.PLACING;
    }

    /** The route of another node's actor, known through a handle. */
    ActorRoute(String actorId, String owner, String className) {
        this.actorId = actorId;
        this.owner = owner;
        this.options = null;
        this.constructor = null;
        this.constructorArgs = null;
        this.name = null;
        this.className = className;
        this.state = State.PLACING;
    }

    boolean owned() {
        return options != null;
    }

    boolean hasRestartsLeft() {
        return options.maxRestarts() == -1 || restarts < options.maxRestarts();
    }

    /** A display name for errors. */
    String describe() {
        String type = className == null ? (constructor == null ? "actor" : constructor.displayName())
                : className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
        return type + (name == null ? "" : " '" + name + "'") + " (" + actorId + ")";
    }

    /** Takes the calls in flight, in order, for retrying or failing. */
    List<RemoteActors.Call> takeInFlight() {
        var out = new ArrayList<>(inFlight.values());
        inFlight.clear();
        return out;
    }
}
