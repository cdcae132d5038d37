package dev.trellis.data.internal.exec;

import dev.trellis.core.NodeInfo;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisException;
import dev.trellis.data.DataException;

/** What Data's stages share: waiting for tasks, and sizing their windows to the cluster. */
public final class Execution {
    private Execution() {
    }

    /** The value of {@code ref}; a failed task becomes a {@link DataException} with its message. */
    public static <T> T get(ObjectRef<T> ref) {
        try {
            return ref.get();
        } catch (TrellisException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    /** How many tasks a stage keeps running at once: twice the cluster's CPUs, at least 2. */
    public static int defaultWindow() {
        double cpus = 0;
        for (NodeInfo n : Trellis.nodes()) {
            if (!"driver".equals(n.role())) {
                cpus += n.total().cpus();
            }
        }
        return (int) Math.max(2, Math.ceil(2 * cpus));
    }
}
