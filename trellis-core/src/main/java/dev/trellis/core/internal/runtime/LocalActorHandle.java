package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorHandle;
import dev.trellis.core.ActorTaskCall;
import java.io.Serializable;
import java.util.Optional;

/** A handle to an actor hosted in this JVM; each instance counts as a holder of the actor. */
final class LocalActorHandle<A> extends ActorHandle<A> {
    final ActorRecord record;
    private final NodeRuntime runtime;

    LocalActorHandle(ActorRecord record, NodeRuntime runtime) {
        this.record = record;
        this.runtime = runtime;
    }

    @Override
    public String actorId() {
        return record.id;
    }

    /** The node that owns the actor: this one. */
    String ownerNode() {
        return runtime.nodeId();
    }

    /** The actor's class name, or null while unknown. */
    String className() {
        Class<?> c = record.actorClass;
        return c == null ? null : c.getName();
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(record.name);
    }

    @Override
    protected <R> ActorTaskCall<R> newCall(Serializable method, Object[] args) {
        return () -> runtime.callActor(this, method, args);
    }

    @Override
    public String toString() {
        return "ActorHandle(" + record.describe() + ")";
    }
}
