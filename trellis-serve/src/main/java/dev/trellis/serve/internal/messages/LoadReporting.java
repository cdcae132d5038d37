package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The controller asks a node's handle agent to report its load on one autoscaled deployment
 * every {@code interval} ({@link LoadReport}), and to send {@link ScaleFromZero} to
 * {@code reportTo} when calls wait with no replica. A null {@code interval} stops the reports
 * (the deployment was deleted or no longer autoscales).
 */
public record LoadReporting(String applicationName, String deploymentName, Duration interval,
                            ActorRef<ControllerCommand> reportTo) implements AgentCommand, HostCommand, TrellisSerializable {

    public boolean stops() {
        return interval == null;
    }
}
