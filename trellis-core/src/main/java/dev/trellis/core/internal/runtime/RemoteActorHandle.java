package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorHandle;
import dev.trellis.core.ActorTaskCall;
import java.io.Serializable;
import java.util.Optional;

/** A handle to an actor hosted on another node (cluster mode); calls travel to its host. */
final class RemoteActorHandle<A> extends ActorHandle<A> {
    final ActorRoute route;
    private final NodeRuntime runtime;

    RemoteActorHandle(ActorRoute route, NodeRuntime runtime) {
        this.route = route;
        this.runtime = runtime;
    }

    @Override
    public String actorId() {
        return route.actorId;
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(route.name);
    }

    @Override
    protected <R> ActorTaskCall<R> newCall(Serializable method, Object[] args) {
        return () -> runtime.callRemoteActor(this, method, args);
    }

    @Override
    public String toString() {
        return "ActorHandle(" + route.describe() + ")";
    }
}
