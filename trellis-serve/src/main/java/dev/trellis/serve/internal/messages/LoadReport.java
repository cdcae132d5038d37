package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.Map;

/**
 * A node's load on one autoscaled deployment, sent by its handle agent to the controller every
 * {@code metrics_interval_s}: the calls waiting in the node's router and the calls it has in
 * flight on each replica. The controller stamps it with its own clock on arrival, so nodes'
 * clocks never have to agree.
 *
 * @param reporter which node's agent sent it; reports of different reporters add up
 */
public record LoadReport(String applicationName, String deploymentName, String reporter, int queued,
                         Map<String, Integer> inFlight) implements ControllerCommand, TrellisSerializable {

    public LoadReport {
        inFlight = Map.copyOf(inFlight);
    }
}
