package dev.trellis.serve.internal.messages;

import com.fasterxml.jackson.databind.Module;
import dev.trellis.core.internal.serialization.MessageRegistry;
import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;

/** Every Serve message that may cross an actor boundary, with its stable wire tag. */
public final class ServeMessageRegistry implements MessageRegistry {
    @Override
    public Map<String, Class<? extends TrellisSerializable>> types() {
        return Map.ofEntries(
                Map.entry("serve.call", HandleRequest.class),
                Map.entry("serve.ok", ReplicaReply.Ok.class),
                Map.entry("serve.failed", ReplicaReply.Failed.class),
                Map.entry("serve.rejected", ReplicaReply.Rejected.class),
                Map.entry("serve.chunk", ReplicaReply.Chunk.class),
                Map.entry("serve.credit", StreamCredit.class),
                Map.entry("serve.cancel", CancelRequest.class),
                Map.entry("serve.health", CheckHealth.class),
                Map.entry("serve.health-report", CheckHealth.HealthReport.class),
                Map.entry("serve.reconfigure", Reconfigure.class),
                Map.entry("serve.reconfigured", Reconfigure.Reconfigured.class),
                Map.entry("serve.drain", Drain.class),
                Map.entry("serve.replica-started", ReplicaEvent.Started.class),
                Map.entry("serve.replica-start-failed", ReplicaEvent.StartFailed.class),
                Map.entry("serve.replica-crashed", ReplicaEvent.Crashed.class),
                Map.entry("serve.replica-models", ReplicaEvent.MultiplexedModelsChanged.class),
                Map.entry("serve.router-update", RouterUpdate.class),
                Map.entry("serve.load-reporting", LoadReporting.class),
                Map.entry("serve.load-report", LoadReport.class),
                Map.entry("serve.scale-from-zero", ScaleFromZero.class),
                Map.entry("serve.start-replica", StartReplica.class),
                Map.entry("serve.stop-replica", StopReplica.class),
                Map.entry("serve.replica-placed", ReplicaPlacement.Placed.class),
                Map.entry("serve.replica-refused", ReplicaPlacement.Refused.class),
                Map.entry("serve.apps", AppsUpdate.class),
                Map.entry("serve.list-replicas", ListReplicas.class),
                Map.entry("serve.hosted-replicas", ListReplicas.Hosted.class));
    }

    @Override
    public List<Module> jacksonModules(ActorSystem<?> system) {
        return List.of(InvocationCodec.module(ServeSystemContext.get(system)));
    }
}
