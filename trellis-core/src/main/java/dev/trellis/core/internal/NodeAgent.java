package dev.trellis.core.internal;

import dev.trellis.core.Resources;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What this JVM's Trellis Core node offers the libraries that run on it (Serve): its actor
 * system and its resource ledger, so that Serve's replicas and Core's tasks and actors share one
 * account of the node's CPUs, GPUs and custom resources; and a place in the node's report for
 * what each library holds and the URLs it serves.
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

    /**
     * Takes {@code need} from the node now if it is free; null if it is not. The node's report
     * counts the reservation under {@code holder} (Serve's is {@code serve}) until it is released:
     * {@link dev.trellis.core.NodeInfo#holdings()}.
     *
     * @throws IllegalArgumentException if {@code holder} is not 1 to 64 letters, digits, '.', '_' or '-'
     */
    Reservation tryReserve(String holder, Resources need);

    /**
     * Advertises {@code url} under {@code name} in the node's report
     * ({@link dev.trellis.core.NodeInfo#endpoints()}), replacing what {@code name} advertised. A
     * name ending in {@code metrics} is a Prometheus endpoint: the admin API lists those as
     * scrape targets.
     *
     * @throws IllegalArgumentException if {@code name} is not 1 to 64 letters, digits, '.', '_' or '-',
     *         or {@code url} is not an absolute http or https URL with a host
     */
    void advertise(String name, String url);

    /**
     * Stops advertising {@code url} under {@code name}; nothing if {@code name} advertises
     * something else now (a later {@link #advertise} replaced it) or nothing.
     */
    void withdraw(String name, String url);

    /** Resources held from the node; {@link #release} gives them back (idempotent). */
    interface Reservation {
        void release();
    }
}
