package dev.trellis.core.internal.cluster;

import dev.trellis.core.internal.serialization.MessageRegistry;
import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.Map;

/** The messages cluster mode's transport sends between nodes, under stable tags. */
public final class ClusterMessages implements MessageRegistry {
    @Override
    public Map<String, Class<? extends TrellisSerializable>> types() {
        return Map.ofEntries(
                Map.entry("cl.report", NodeReport.class),
                Map.entry("cl.envelope", AgentProtocol.PeerEnvelope.class),
                Map.entry("cl.view", AgentProtocol.DirectoryView.class),
                Map.entry("cl.released", AgentProtocol.NameReleased.class),
                Map.entry("cl.heartbeat", DirectoryProtocol.Heartbeat.class),
                Map.entry("cl.register", DirectoryProtocol.RegisterName.class),
                Map.entry("cl.claimed", DirectoryProtocol.NameClaimed.class),
                Map.entry("cl.lookup", DirectoryProtocol.LookupName.class),
                Map.entry("cl.location", DirectoryProtocol.NameLocation.class),
                Map.entry("cl.unregister", DirectoryProtocol.UnregisterName.class),
                Map.entry("cl.restore", DirectoryProtocol.RestoreNames.class));
    }
}
