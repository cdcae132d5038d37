package dev.trellis.core.internal.scheduling;

import dev.trellis.core.Resources;
import java.util.Objects;

/**
 * What the scheduler knows of one node: its id, what it declared ({@code total}) and what is
 * not reserved now ({@code available}). Immutable; the scheduler decides on a snapshot.
 */
public record NodeView(String nodeId, Resources total, Resources available) {
    public NodeView {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(available, "available");
    }

    /** An idle node: everything it has is available. */
    public static NodeView idle(String nodeId, Resources total) {
        return new NodeView(nodeId, total, total);
    }

    /**
     * How busy the node would be with {@code demand} added: the largest share, over the
     * resources the node has, of its total that is reserved (Ray's "critical resource utilization").
     */
    double utilizationWith(Resources demand) {
        Resources used = total.minus(available).plus(demand);
        double most = share(used.cpus(), total.cpus());
        most = Math.max(most, share(used.gpus(), total.gpus()));
        for (var e : total.custom().entrySet()) {
            most = Math.max(most, share(used.custom().getOrDefault(e.getKey(), 0.0), e.getValue()));
        }
        return most;
    }

    private static double share(double used, double total) {
        return total <= 0 ? 0 : used / total;
    }
}
