package dev.trellis.data.internal.ops;

import dev.trellis.data.Batch;
import java.util.ArrayList;
import java.util.List;

/** The groups of a batch sorted by key, for {@code groupBy(...).mapGroups(...)}. */
public final class Groups {
    private Groups() {
    }

    /**
     * The runs of rows of equal key (columns {@code keys}, at least one; nulls equal nulls) of
     * {@code sortedByKey}, each as a batch of all its columns, in order; none for no rows. Fails
     * when the batch is not sorted by the keys (ascending or descending), so that no key is
     * split across two groups.
     */
    public static List<Batch> split(Batch sortedByKey, List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("groups need at least one key column");
        }
        KeyColumns kc = KeyColumns.of(sortedByKey, keys);
        var out = new ArrayList<Batch>();
        int n = sortedByKey.numRows();
        int start = 0;
        int direction = 0;
        for (int r = 1; r <= n; r++) {
            int c = r == n ? 0 : kc.compare(r - 1, r);
            if (c != 0) {
                int d = Integer.signum(c);
                if (direction != 0 && d != direction) {
                    throw new IllegalArgumentException("the batch is not sorted by " + keys + ": row " + (r - 1)
                            + " (" + kc.describe(r - 1) + ") comes before row " + r + " (" + kc.describe(r) + ")");
                }
                direction = d;
            }
            if (r == n || c != 0) {
                if (r > start) {
                    out.add(sortedByKey.slice(start, r));
                }
                start = r;
            }
        }
        return out;
    }
}
