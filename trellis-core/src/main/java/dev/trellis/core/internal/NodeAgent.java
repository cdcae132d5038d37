package dev.trellis.core.internal;

import dev.trellis.core.Resources;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What this JVM's Trellis Core node offers the libraries that run on it (Serve): its actor
 * system and its resource ledger, so that Serve's replicas and Core's tasks and actors share one
 * account of the node's CPUs, GPUs and custom resources.
 */
public interface NodeAgent {
    /** The Core node running in this JVM, if {@code Trellis.init} (or a node process) started one. */
    static Optional<NodeAgent> current() {
        return dev.trellis.core.internal.runtime.CoreRuntimes.agent();
    }

    String nodeId();

    /** The node's Pekko actor system: its cluster member in cluster mode, a local one otherwise. */
    ActorSystem<Void> actorSystem();

    /** Everything the node offers. */
    Resources total();

    /** Whether the node is one member of a cluster of JVMs (false: embedded, a cluster of one). */
    boolean clustered();

    /** The node's role: {@code head}, {@code worker}, {@code driver}, or {@code embedded}. */
    String role();

    /**
     * Every node of the cluster, this one included, as each last reported itself (resources free
     * may lag by a report interval); one node when embedded.
     */
    java.util.List<dev.trellis.core.NodeInfo> nodes();

    /** What is free now. */
    Resources available();

    /** Takes {@code need} from the node now if it is free; null if it is not. */
    Reservation tryReserve(Resources need);

    /** Resources held from the node; {@link #release} gives them back (idempotent). */
    interface Reservation {
        void release();
    }
}
