package dev.trellis.serve.internal.agent;

import dev.trellis.serve.internal.messages.CancelRequest;
import dev.trellis.serve.internal.messages.HandleRequest;
import dev.trellis.serve.internal.messages.ReplicaCommand;
import dev.trellis.serve.internal.messages.ReplicaReply;
import dev.trellis.serve.internal.messages.StreamCredit;
import dev.trellis.serve.internal.replica.ReplicaAdmission;
import dev.trellis.serve.internal.router.PendingCall;
import dev.trellis.serve.internal.router.ReplicaTarget;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A replica actor as a router target: calls go out as {@link HandleRequest}s; replies come back
 * to the agent, or, when the request was not serialized on its way (same JVM), straight to the
 * node's {@link ReplySettler}. A replica in this JVM ({@code admission} not null) has a call
 * started on the sending thread when it has room ({@link ReplicaAdmission#tryStartDirect}): one
 * hop (the replica's mailbox and dispatcher thread) less per call; otherwise the call goes
 * through the mailbox. Either way it is registered first, so a replica's death fails it.
 */
final class ActorReplicaTarget implements ReplicaTarget {
    private final String replicaId;
    private final ActorRef<ReplicaCommand> replica;
    private final ActorRef<ReplicaReply> replyTo;
    private final ReplySettler localReplies;
    private final CallRegistry calls;
    private final ReplicaAdmission admission;
    private final java.util.Set<String> multiplexedModelIds;
    private final int maxNumModelsPerReplica;

    ActorReplicaTarget(String replicaId, ActorRef<ReplicaCommand> replica, ActorRef<ReplicaReply> replyTo,
                       ReplySettler localReplies, CallRegistry calls, ReplicaAdmission admission,
                       java.util.Set<String> multiplexedModelIds, int maxNumModelsPerReplica) {
        this.admission = admission;
        this.replicaId = replicaId;
        this.replica = replica;
        this.replyTo = replyTo;
        this.localReplies = localReplies;
        this.calls = calls;
        this.multiplexedModelIds = multiplexedModelIds;
        this.maxNumModelsPerReplica = maxNumModelsPerReplica;
    }

    @Override
    public int maxNumModelsPerReplica() {
        return maxNumModelsPerReplica;
    }

    @Override
    public java.util.Set<String> multiplexedModelIds() {
        return multiplexedModelIds;
    }

    @Override
    public boolean local() {
        return replica.path().address().hasLocalScope();
    }

    @Override
    public String replicaId() {
        return replicaId;
    }

    @Override
    public void send(PendingCall call) {
        boolean sent = calls.sendUnlessDead(call, replica, () -> {
            var request = new HandleRequest(call.requestId(), call.method(), call.args(), replyTo, call.streamCredit(),
                    localReplies, call.multiplexedModelId(), call.context());
            if (admission == null || !admission.tryStartDirect(request)) {
                replica.tell(request);
            }
        });
        if (!sent) {
            // The replica has terminated and the router's set will lose it; the call never left.
            call.router().retry(call);
        }
    }

    @Override
    public void credit(PendingCall call, int items) {
        replica.tell(new StreamCredit(call.requestId(), items));
    }

    @Override
    public void cancel(PendingCall call) {
        replica.tell(new CancelRequest(call.requestId()));
    }
}
