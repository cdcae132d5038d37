package dev.trellis.serve.internal.replica;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.internal.invoke.MethodResolver;
import dev.trellis.serve.internal.messages.ControllerCommand;
import dev.trellis.serve.internal.metrics.ServeMetrics;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import dev.trellis.serve.internal.spec.HandleRef;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Everything a replica actor needs to start: who it is, what it runs, whom it reports to, how it
 * makes handles, the runtime's metrics (JVM-local, never sent in a message), how its calls are traced and
 * where it lists itself for direct calls from this JVM.
 */
public record ReplicaSetup(String replicaId, DeploymentSpec spec, ActorRef<ControllerCommand> controller,
                           Function<HandleRef, DeploymentHandle<?>> handles, MethodResolver methods,
                           ServeMetrics metrics, dev.trellis.serve.internal.observe.Tracing tracing,
                           LocalReplicas localReplicas) {
}
