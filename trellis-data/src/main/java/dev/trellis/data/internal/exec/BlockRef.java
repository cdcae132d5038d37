package dev.trellis.data.internal.exec;

import dev.trellis.core.ObjectRef;
import dev.trellis.core.Trellis;
import dev.trellis.data.Batch;
import dev.trellis.data.Schema;

/**
 * A block in the object store with what the driver needs to know without fetching it (Ray's
 * block metadata): its rows, bytes and schema. Tasks return lists of these; the block stays
 * on the node that made it until something reads it.
 */
public record BlockRef(ObjectRef<Batch> ref, int rows, long bytes, Schema schema) {
    /** Puts {@code batch} into this node's object store. */
    public static BlockRef put(Batch batch) {
        return new BlockRef(Trellis.put(batch), batch.numRows(), batch.sizeBytes(), batch.schema());
    }
}
