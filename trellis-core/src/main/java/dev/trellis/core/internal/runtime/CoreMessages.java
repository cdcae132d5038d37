package dev.trellis.core.internal.runtime;

import dev.trellis.core.Resources;
import dev.trellis.core.internal.cluster.NodeMessage;
import dev.trellis.core.internal.serialization.MessageRegistry;
import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.List;
import java.util.Map;

/**
 * The messages node agents exchange for tasks, actors and objects. Values travel as
 * {@link ObjectCodec} bytes; exceptions as text ({@link RemoteError}); functions as descriptors
 * ({@link FunctionRef}) resolved on the receiving side by {@link RemoteCode}.
 */
public final class CoreMessages implements MessageRegistry {
    /** One argument: encoded value bytes, or a ref (id and owner) resolved by the receiver. */
    public record TaskArg(byte[] value, String refId, String refOwner) {
    }

    /** A failure as text: {@code kind} is the exception's simple class name in {@code dev.trellis.core}. */
    public record RemoteError(String kind, String id, String taskName, String type, String message, String stack) {
    }

    /** Owner to executor: run this task; the result stays on the executor, which reports {@link TaskDone}. */
    public record SubmitTask(String taskId, String returnId, String owner, FunctionRef function, List<TaskArg> args,
                             Resources resources, String name) implements NodeMessage {
    }

    /** Executor to owner: the task (or actor call) ended; a small value comes inline, else it stays on {@code node}. */
    public record TaskDone(String taskId, String returnId, String node, byte[] inline, boolean stored,
                           RemoteError error) implements NodeMessage {
    }

    /** Executor to owner: this node can never run the task (spill-back); the owner places it elsewhere. */
    public record TaskRejected(String taskId, String node, String reason) implements NodeMessage {
    }

    /** Anyone to owner: where is {@code objectId}? Answered with {@link Located} once the object is ready. */
    public record Locate(String objectId, String requester) implements NodeMessage {
    }

    /** Owner's answer: the nodes holding it (or the value inline), or its error. */
    public record Located(String objectId, List<String> nodes, byte[] inline, RemoteError error) implements NodeMessage {
    }

    /** Ask a holder for {@code length} bytes of the encoded object from {@code offset} (flow control by window). */
    public record Pull(String transferId, String objectId, String requester, long offset, int length)
            implements NodeMessage {
    }

    /** A slice of an encoded object; {@code total} is the encoded size. */
    public record Chunk(String transferId, String objectId, long offset, long total, byte[] data)
            implements NodeMessage {
    }

    /** The holder cannot serve the object. */
    public record PullFailed(String transferId, String objectId, String reason) implements NodeMessage {
    }

    /** A node now holds a copy (so the owner frees it there too). */
    public record AddLocation(String objectId, String node) implements NodeMessage {
    }

    /** The owner freed the object: drop the copy. */
    public record Free(List<String> objectIds) implements NodeMessage {
    }

    /** Owner to host: create this actor. */
    public record CreateActor(String actorId, String owner, String name, FunctionRef constructor, List<TaskArg> args,
                              Resources resources, int maxConcurrency) implements NodeMessage {
    }

    /** Host to owner: the actor is alive (or its constructor failed). */
    public record ActorReady(String actorId, String node, String className, RemoteError error) implements NodeMessage {
    }

    /** Caller to host: call a method; results go back to {@code owner} with {@link TaskDone}. */
    public record CallActor(String callId, String actorId, String returnId, String owner, FunctionRef method,
                            List<TaskArg> args) implements NodeMessage {
    }

    /** Owner to host: stop the actor. */
    public record KillActor(String actorId, String reason) implements NodeMessage {
    }

    @Override
    public Map<String, Class<? extends TrellisSerializable>> types() {
        return Map.ofEntries(
                Map.entry("core.submit", SubmitTask.class),
                Map.entry("core.done", TaskDone.class),
                Map.entry("core.rejected", TaskRejected.class),
                Map.entry("core.locate", Locate.class),
                Map.entry("core.located", Located.class),
                Map.entry("core.pull", Pull.class),
                Map.entry("core.chunk", Chunk.class),
                Map.entry("core.pull-failed", PullFailed.class),
                Map.entry("core.add-location", AddLocation.class),
                Map.entry("core.free", Free.class),
                Map.entry("core.create-actor", CreateActor.class),
                Map.entry("core.actor-ready", ActorReady.class),
                Map.entry("core.call-actor", CallActor.class),
                Map.entry("core.kill-actor", KillActor.class));
    }
}
