package dev.trellis.core.internal.runtime;

import dev.trellis.core.PlacementStrategy;
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
    /**
     * One argument: encoded value bytes, a ref (id and owner) resolved by the receiver, an actor
     * handle (the actor's id, its owner in {@code refOwner}, and its class name when known), or a
     * placement group handle ({@code group}).
     */
    public record TaskArg(byte[] value, String refId, String refOwner, String actorId, String actorClass,
                          GroupSpec group, String holdNode, String holdId) {
        static TaskArg value(byte[] value) {
            return new TaskArg(value, null, null, null, null, null, null, null);
        }

        static TaskArg ref(String id, String owner) {
            return new TaskArg(null, id, owner, null, null, null, null, null);
        }

        static TaskArg actor(String actorId, String owner, String className) {
            return new TaskArg(null, null, owner, actorId, className, null, null, null);
        }

        static TaskArg group(GroupSpec group) {
            return new TaskArg(null, null, null, null, null, group, null, null);
        }

        /**
         * This argument with the sender's hold on the refs the arguments carry (see {@link Borrowing}):
         * the receiver releases it once their owners know it borrows them.
         */
        TaskArg held(String node, String id) {
            return new TaskArg(value, refId, refOwner, actorId, actorClass, group, node, id);
        }
    }

    /** What identifies a placement group on any node: its id, creator ({@code owner}), name, strategy and bundles. */
    public record GroupSpec(String id, String owner, String name, PlacementStrategy strategy, List<Resources> bundles) {
    }

    /** A failure as text: {@code kind} is the exception's simple class name in {@code dev.trellis.core}. */
    public record RemoteError(String kind, String id, String taskName, String type, String message, String stack) {
    }

    /** Owner to executor: run this task; the result stays on the executor, which reports {@link TaskDone}. */
    public record SubmitTask(String taskId, String returnId, String owner, FunctionRef function, List<TaskArg> args,
                             Resources resources, String name, String bundle) implements NodeMessage {
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

    /**
     * Ask a holder for {@code length} bytes of the encoded object from {@code offset} (flow control by
     * window); {@code bulk}: the requester can take a big object over the holder's data channel instead.
     */
    public record Pull(String transferId, String objectId, String requester, long offset, int length, boolean bulk)
            implements NodeMessage {
    }

    /** A slice of an encoded object; {@code total} is the encoded size. */
    public record Chunk(String transferId, String objectId, long offset, long total, byte[] data)
            implements NodeMessage {
    }

    /**
     * A holder's answer to a {@link Pull} of a big object: connect to its data channel at
     * {@code host:port} and present {@code token} (single use) to read the {@code size}-byte encoding.
     */
    public record BulkOffer(String transferId, String objectId, String host, int port, byte[] token, long size)
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

    /**
     * Owner to host: create this actor. {@code maxRestarts} is what is left of its restarts (-1:
     * no limit), for restarts on the host itself (a kill that allows a restart). {@code name} is
     * the name the owner registered it under, or null: a detached actor's host takes the name
     * over when the owner dies.
     */
    public record CreateActor(String actorId, String owner, FunctionRef constructor, List<TaskArg> args,
                              Resources resources, int maxConcurrency, int maxRestarts, int maxTaskRetries,
                              boolean detached, String bundle, String name) implements NodeMessage {
    }

    /** A placement group's owner to a node: reserve this bundle ({@code attempt} tells answers to old tries apart). */
    public record ReserveBundle(String groupId, int index, int attempt, String owner, Resources resources)
            implements NodeMessage {
    }

    /** The node's answer: reserved, or not (and why). */
    public record BundleReserved(String groupId, int index, int attempt, String node, boolean reserved, String reason)
            implements NodeMessage {
    }

    /** The owner removed the group (or gave up a try): free the bundle, stopping what runs in it. */
    public record ReleaseBundle(String groupId, int index, int attempt, String reason) implements NodeMessage {
    }

    /**
     * A node using another node's placement group to its creator: send {@link PlacementGroupState}
     * now and each time it changes (placed, bundles lost, removed).
     */
    public record WatchPlacementGroup(String groupId, String requester) implements NodeMessage {
    }

    /**
     * The creator's answer: the group, and per bundle its node and its reservation's key there
     * (null while not reserved); {@code error} when the group is unknown, removed or cannot be placed.
     */
    public record PlacementGroupState(GroupSpec group, List<String> nodes, List<String> bundleKeys, String error)
            implements NodeMessage {
    }

    /** Any node to a group's creator: remove it ({@code requester} names who asked, for the log). */
    public record RemovePlacementGroup(String groupId, String requester) implements NodeMessage {
    }

    /**
     * Where an actor runs: host to owner each time it starts (or with {@code error} when it died
     * for good), and owner to the nodes that asked with {@link LocateActor}.
     */
    public record ActorReady(String actorId, String node, String className, int maxTaskRetries, boolean detached,
                             RemoteError error) implements NodeMessage {
    }

    /** Any node to owner: where does the actor run? Answered with {@link ActorReady} once it runs elsewhere than {@code deadHost}. */
    public record LocateActor(String actorId, String requester, String deadHost) implements NodeMessage {
    }

    /** Caller to host: call a method; the result goes back to the caller ({@code owner}) with {@link TaskDone}. */
    public record CallActor(String callId, String actorId, String returnId, String owner, FunctionRef method,
                            List<TaskArg> args, String name) implements NodeMessage {
    }

    /** To the owner (which forwards it) or the host: stop the actor, restarting it if {@code restart} and it may. */
    public record KillActor(String actorId, String reason, boolean restart) implements NodeMessage {
    }

    /**
     * A node that got a ref to an object owned elsewhere, to the owner: keep the object while this
     * node holds refs to it (Ray's borrowers). Answered with {@link BorrowerAdded}.
     */
    public record AddBorrower(String objectId, String borrower) implements NodeMessage {
    }

    /** The owner's answer to {@link AddBorrower}, in the order asked; {@code error} when it was already freed. */
    public record BorrowerAdded(String objectId, String owner, RemoteError error) implements NodeMessage {
    }

    /** The borrower holds no ref to these objects any more. */
    public record RemoveBorrower(List<String> objectIds, String borrower) implements NodeMessage {
    }

    /**
     * The receiver of a value (or a call's arguments) that held refs has registered with their
     * owners: the sender may drop what it kept alive for it ({@code holdId}).
     */
    public record ReleaseHold(String holdId) implements NodeMessage {
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
                Map.entry("core.bulk-offer", BulkOffer.class),
                Map.entry("core.pull-failed", PullFailed.class),
                Map.entry("core.add-location", AddLocation.class),
                Map.entry("core.free", Free.class),
                Map.entry("core.create-actor", CreateActor.class),
                Map.entry("core.actor-ready", ActorReady.class),
                Map.entry("core.call-actor", CallActor.class),
                Map.entry("core.locate-actor", LocateActor.class),
                Map.entry("core.reserve-bundle", ReserveBundle.class),
                Map.entry("core.bundle-reserved", BundleReserved.class),
                Map.entry("core.release-bundle", ReleaseBundle.class),
                Map.entry("core.watch-placement-group", WatchPlacementGroup.class),
                Map.entry("core.placement-group-state", PlacementGroupState.class),
                Map.entry("core.remove-placement-group", RemovePlacementGroup.class),
                Map.entry("core.kill-actor", KillActor.class),
                Map.entry("core.add-borrower", AddBorrower.class),
                Map.entry("core.borrower-added", BorrowerAdded.class),
                Map.entry("core.remove-borrower", RemoveBorrower.class),
                Map.entry("core.release-hold", ReleaseHold.class));
    }
}
