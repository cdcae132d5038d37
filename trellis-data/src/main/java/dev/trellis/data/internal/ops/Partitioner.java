package dev.trellis.data.internal.ops;

import dev.trellis.data.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits a batch's rows into partitions: the map side of Data's all-to-all operations (hash
 * partitioning for grouped aggregations, random for {@code randomShuffle}, ranges of the key for
 * {@code sort}). Every row lands in exactly one partition; within a partition rows keep their
 * order. Partitions may be empty, and have the batch's schema.
 */
public final class Partitioner {
    private Partitioner() {
    }

    /**
     * {@code n} partitions of {@code batch} by the hash of columns {@code keys}: rows with equal
     * keys land in the same partition, in every batch of the same key types and on every JVM (the
     * hash is {@link KeyColumns}' arithmetic over the values).
     */
    public static List<Batch> byHash(Batch batch, List<String> keys, int n) {
        requirePartitions(n);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("hash partitioning needs at least one key column");
        }
        KeyColumns kc = KeyColumns.of(batch, keys);
        int[] partOf = new int[batch.numRows()];
        for (int r = 0; r < partOf.length; r++) {
            partOf[r] = (int) Long.remainderUnsigned(kc.hash(r), n);
        }
        return split(batch, partOf, n);
    }

    /**
     * {@code n} partitions of {@code batch}, each row in one chosen at random, the same for the
     * same {@code seed} (give each batch its own seed, or they all split alike).
     */
    public static List<Batch> random(Batch batch, int n, long seed) {
        requirePartitions(n);
        var random = new SplittableRandom(seed);
        int[] partOf = new int[batch.numRows()];
        for (int r = 0; r < partOf.length; r++) {
            partOf[r] = random.nextInt(n);
        }
        return split(batch, partOf, n);
    }

    /** {@link #byRange(Batch, List, boolean, Batch)} by one key column. */
    public static List<Batch> byRange(Batch batch, String key, boolean descending, Batch boundaries) {
        return byRange(batch, List.of(key), descending, boundaries);
    }

    /**
     * {@code boundaries.numRows() + 1} partitions of {@code batch} by ranges of columns
     * {@code keys}, for a sort: {@code boundaries} holds the key columns (of the same types) in
     * sort order ({@link Sorter}'s, ascending or descending), and partition {@code i} gets the
     * rows whose key is at or after boundary {@code i - 1} and before boundary {@code i} in that
     * order. Sorting each partition and concatenating them in order sorts all rows.
     */
    public static List<Batch> byRange(Batch batch, List<String> keys, boolean descending, Batch boundaries) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("range partitioning needs at least one key column");
        }
        KeyColumns rows = KeyColumns.of(batch, keys);
        KeyColumns bounds = KeyColumns.of(boundaries, keys);
        rows.requireSameTypes(bounds, "the boundaries");
        int m = boundaries.numRows();
        int sign = descending ? -1 : 1;
        for (int i = 1; i < m; i++) {
            if (sign * bounds.compare(i - 1, i) > 0) {
                throw new IllegalArgumentException("the boundaries are not sorted " + (descending ? "descending"
                        : "ascending") + ": " + bounds.describe(i - 1) + " comes before " + bounds.describe(i));
            }
        }
        int[] partOf = new int[batch.numRows()];
        for (int r = 0; r < partOf.length; r++) {
            int lo = 0;
            int hi = m; // the first boundary the row sorts before
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sign * rows.compare(r, bounds, mid) < 0) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            partOf[r] = lo;
        }
        return split(batch, partOf, m + 1);
    }

    /** {@link #sampleBoundaries(List, List, boolean, int)} by one key column. */
    public static Batch sampleBoundaries(List<Batch> samples, String key, boolean descending, int n) {
        return sampleBoundaries(samples, List.of(key), descending, n);
    }

    /**
     * The {@code n - 1} boundaries of {@code n} range partitions of about equal size, from
     * {@code samples} of the keys (at least one batch, possibly empty, holding columns
     * {@code keys}): the sorted samples' {@code i * m / n}-th keys for {@code i = 1 .. n-1}, as a
     * batch of the key columns in sort order. No rows when there are no samples.
     */
    public static Batch sampleBoundaries(List<Batch> samples, List<String> keys, boolean descending, int n) {
        requirePartitions(n);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("boundaries need at least one (possibly empty) batch of samples");
        }
        var keyed = new ArrayList<Batch>();
        for (Batch s : samples) {
            keyed.add(s.selectColumns(keys));
        }
        Batch all = Sorter.sort(Batch.concat(keyed, null), keys, descending);
        int m = all.numRows();
        if (m == 0) {
            return all;
        }
        int[] picks = new int[n - 1];
        for (int i = 1; i < n; i++) {
            picks[i - 1] = (int) ((long) i * m / n);
        }
        return all.take(picks);
    }

    /**
     * Up to {@code count} rows of {@code batch} chosen at random without repeats (all of them if
     * it has no more), columns {@code keys} only: a block's sample for {@link #sampleBoundaries}.
     */
    public static Batch sample(Batch batch, List<String> keys, int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("cannot sample " + count + " rows");
        }
        Batch keyed = batch.selectColumns(keys);
        int n = keyed.numRows();
        if (count >= n) {
            return keyed;
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        var random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return keyed.take(java.util.Arrays.copyOf(perm, count));
    }

    private static void requirePartitions(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the number of partitions must be at least 1, got " + n);
        }
    }

    /** The rows of {@code batch} by partition {@code partOf[row]} of {@code n}, in order. */
    private static List<Batch> split(Batch batch, int[] partOf, int n) {
        int[] sizes = new int[n];
        for (int p : partOf) {
            sizes[p]++;
        }
        int[][] rows = new int[n][];
        for (int p = 0; p < n; p++) {
            rows[p] = new int[sizes[p]];
        }
        int[] fill = new int[n];
        for (int r = 0; r < partOf.length; r++) {
            int p = partOf[r];
            rows[p][fill[p]++] = r;
        }
        var out = new ArrayList<Batch>(n);
        for (int p = 0; p < n; p++) {
            out.add(rows[p].length == batch.numRows() ? batch : batch.take(rows[p]));
        }
        return out;
    }
}
