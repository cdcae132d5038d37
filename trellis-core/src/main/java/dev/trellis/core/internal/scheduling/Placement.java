package dev.trellis.core.internal.scheduling;

import java.util.List;

/** What the scheduler decided for one request or placement group. */
public sealed interface Placement {
    /** Run on these nodes: one for a task or actor, one per bundle (in bundle order) for a placement group. */
    record Placed(List<String> nodeIds) implements Placement {
        public Placed {
            nodeIds = List.copyOf(nodeIds);
        }

        /** The one node of a task or actor. */
        public String nodeId() {
            return nodeIds.getFirst();
        }
    }

    /** Could run, but not now: it waits, and shows as pending with {@code reason}. */
    record Pending(String reason) implements Placement {
    }

    /** No node could ever run it (or the node it must run on is gone): an error naming the resources. */
    record Infeasible(String message) implements Placement {
    }
}
