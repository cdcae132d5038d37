package dev.trellis.data.internal.exec;

import dev.trellis.data.Batch;
import java.util.List;

/** Helpers over lists of batches. */
public final class Batches {
    private Batches() {
    }

    /** The non-empty batches as one (schemas must agree); the first batch if all are empty. */
    public static Batch concatNonEmpty(List<Batch> batches) {
        List<Batch> nonEmpty = batches.stream().filter(b -> b.numRows() > 0).toList();
        if (nonEmpty.isEmpty()) {
            return batches.getFirst();
        }
        return Batch.concat(nonEmpty, null);
    }
}
