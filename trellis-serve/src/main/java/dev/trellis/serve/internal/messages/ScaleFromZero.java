package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;

/**
 * A router has queued calls and knows no replica of the deployment: sent at once by the node's
 * handle agent (not at the next metrics tick) so that a deployment scaled to zero starts a
 * replica immediately. The controller ignores it when the deployment's target is already above 0.
 */
public record ScaleFromZero(String applicationName, String deploymentName, int queued)
        implements ControllerCommand, TrellisSerializable {
}
