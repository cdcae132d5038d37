package dev.trellis.data.internal.ops;

import dev.trellis.data.Batch;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sorting and shuffling of one batch's rows (the per-block steps of Data's {@code sort} and
 * {@code randomShuffle}). The key order is {@link KeyColumns}': ascending puts nulls first,
 * compares doubles by {@link Double#compare} and strings by {@link String#compareTo};
 * descending is its exact reverse, so nulls come last.
 */
public final class Sorter {
    private Sorter() {
    }

    /**
     * The rows of {@code batch} ordered by columns {@code keys} (at least one; the first decides,
     * the next break ties), ascending or descending; rows with equal keys keep their order.
     */
    public static Batch sort(Batch batch, List<String> keys, boolean descending) {
        return batch.take(order(batch, keys, descending));
    }

    /** The row order {@link #sort} puts {@code batch} in: the i-th row of the result is row {@code order[i]}. */
    public static int[] order(Batch batch, List<String> keys, boolean descending) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a sort needs at least one key column");
        }
        KeyColumns kc = KeyColumns.of(batch, keys);
        return IndexSort.sorted(batch.numRows(), descending ? (i, j) -> kc.compare(j, i) : kc::compare);
    }

    /** The rows of {@code batch} in a random order, the same for the same {@code seed}. */
    public static Batch shuffleRows(Batch batch, long seed) {
        int n = batch.numRows();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        var random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return batch.take(perm);
    }
}
