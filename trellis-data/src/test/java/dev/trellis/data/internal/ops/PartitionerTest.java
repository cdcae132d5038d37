package dev.trellis.data.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.data.Batch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Partitioner}: hash, random and range partitioning, and boundary sampling. */
class PartitionerTest {
    private static final Batch DATA = OpsFixtures.data(OpsFixtures.ROWS, 45);

    /** Asserts every row of {@code batch} is in exactly one of {@code parts}, by id, in its order there. */
    private static void assertEachRowOnce(Batch batch, List<Batch> parts) {
        var ids = new HashSet<Long>();
        int total = 0;
        for (Batch p : parts) {
            assertThat(p.schema()).isEqualTo(batch.schema());
            long before = Long.MIN_VALUE;
            for (long id : p.longs("id")) {
                assertThat(ids.add(id)).as("row %d once", id).isTrue();
                assertThat(id).as("rows keep their order").isGreaterThan(before);
                before = id;
            }
            total += p.numRows();
        }
        assertThat(total).isEqualTo(batch.numRows());
    }

    private static String key(Batch b, List<String> keys, int row) {
        var sb = new StringBuilder();
        for (String k : keys) {
            sb.append(b.value(k, row)).append('|');
        }
        return sb.toString();
    }

    private static List<Long> ids(Batch b) {
        return java.util.Arrays.stream(b.longs("id")).boxed().toList();
    }

    @Test
    void hashPutsEachRowOnceAndEqualKeysTogetherAcrossBatches() {
        for (List<String> keys : List.of(List.of("k1"), List.of("k1", "k2"), List.of("s"), List.of("flag", "y"))) {
            var partitionOf = new HashMap<String, Integer>();
            for (Batch chunk : OpsFixtures.randomSplit(DATA, 4000, 12)) {
                List<Batch> parts = Partitioner.byHash(chunk, keys, 7);
                assertThat(parts).hasSize(7);
                assertEachRowOnce(chunk, parts);
                for (int p = 0; p < parts.size(); p++) {
                    Batch part = parts.get(p);
                    for (int r = 0; r < part.numRows(); r++) {
                        Integer before = partitionOf.putIfAbsent(key(part, keys, r), p);
                        assertThat(before == null ? p : before).as("key %s", key(part, keys, r)).isEqualTo(p);
                    }
                }
            }
            assertThat(new HashSet<>(partitionOf.values())).as("keys %s use several partitions", keys)
                    .hasSizeGreaterThan(1);
        }
    }

    @Test
    void hashIsStableValueArithmetic() {
        // the partition of a key depends on its values only: not on the batch, its other columns or the JVM
        Batch a = Batch.of("k", new long[] {42, 7, -1}, "s", new String[] {"x", "h\u00e9llo", null});
        Batch b = Batch.of("other", new double[] {1, 2, 3}, "s", new String[] {"h\u00e9llo", "x", null}, "k",
                new long[] {7, 42, -1});
        List<Batch> pa = Partitioner.byHash(a, List.of("k", "s"), 16);
        List<Batch> pb = Partitioner.byHash(b, List.of("k", "s"), 16);
        var where = new ArrayList<List<Object>>();
        for (int p = 0; p < 16; p++) {
            for (int r = 0; r < pa.get(p).numRows(); r++) {
                where.add(List.of(pa.get(p).value("k", r), p));
            }
            assertThat(pb.get(p).longs("k")).containsExactlyInAnyOrder(pa.get(p).longs("k"));
        }
        // pinned, so a change of the hash (which would split groups between old and new nodes) shows
        assertThat(where).containsExactlyInAnyOrder(List.of(42L, 13), List.of(7L, 9), List.of(-1L, 10));
    }

    @Test
    void hashSpreadsDistinctKeysEvenly() {
        List<Batch> parts = Partitioner.byHash(DATA, List.of("id"), 8);
        for (Batch p : parts) {
            assertThat(p.numRows()).isBetween(DATA.numRows() / 8 * 9 / 10, DATA.numRows() / 8 * 11 / 10);
        }
    }

    @Test
    void randomIsDeterministicPerSeedAndEven() {
        List<Batch> one = Partitioner.random(DATA, 10, 99);
        List<Batch> again = Partitioner.random(DATA, 10, 99);
        List<Batch> other = Partitioner.random(DATA, 10, 100);
        assertEachRowOnce(DATA, one);
        assertEachRowOnce(DATA, other);
        assertThat(one.stream().map(PartitionerTest::ids).toList())
                .isEqualTo(again.stream().map(PartitionerTest::ids).toList())
                .isNotEqualTo(other.stream().map(PartitionerTest::ids).toList());
        for (Batch p : one) {
            assertThat(p.numRows()).isBetween(4500, 5500);
        }
        assertThat(Partitioner.random(DATA, 1, 5).getFirst()).isSameAs(DATA);
    }

    @Test
    void rangePartitionsSortedAndConcatenatedAreGloballySorted() {
        record Case(List<String> keys, boolean descending) { }
        int n = 8;
        for (Case c : List.of(new Case(List.of("k1"), false), new Case(List.of("k1"), true),
                new Case(List.of("y"), false), new Case(List.of("s"), true), new Case(List.of("k2", "x"), false),
                new Case(List.of("k2", "x"), true))) {
            List<Batch> chunks = OpsFixtures.chunks(DATA, 5000);
            var samples = new ArrayList<Batch>();
            for (int i = 0; i < chunks.size(); i++) {
                samples.add(Partitioner.sample(chunks.get(i), c.keys(), 50, i));
            }
            Batch bounds = Partitioner.sampleBoundaries(samples, c.keys(), c.descending(), n);
            assertThat(bounds.numRows()).isEqualTo(n - 1);
            assertThat(bounds.columnNames()).isEqualTo(c.keys());
            var perPartition = new ArrayList<List<Batch>>();
            for (int p = 0; p < n; p++) {
                perPartition.add(new ArrayList<>());
            }
            for (Batch chunk : chunks) {
                List<Batch> parts = Partitioner.byRange(chunk, c.keys(), c.descending(), bounds);
                assertThat(parts).hasSize(n);
                assertEachRowOnce(chunk, parts);
                for (int p = 0; p < n; p++) {
                    perPartition.get(p).add(parts.get(p));
                }
            }
            var sortedParts = new ArrayList<Batch>();
            for (List<Batch> pieces : perPartition) {
                sortedParts.add(Sorter.sort(Batch.concat(pieces, DATA.schema()), c.keys(), c.descending()));
            }
            assertThat(ids(Batch.concat(sortedParts, DATA.schema())))
                    .as("%s", c).isEqualTo(ids(Sorter.sort(DATA, c.keys(), c.descending())));
            if (c.keys().equals(List.of("y"))) {
                for (Batch p : sortedParts) {
                    assertThat(p.numRows()).as("balanced by the samples").isBetween(DATA.numRows() / n / 3,
                            DATA.numRows() / n * 3);
                }
            }
        }
    }

    @Test
    void boundariesFromNoSamplesMakeOnePartitionAndBadOnesFail() {
        Batch empty = Partitioner.sampleBoundaries(List.of(DATA.slice(0, 0)), "k1", false, 4);
        assertThat(empty.numRows()).isZero();
        List<Batch> one = Partitioner.byRange(DATA, "k1", false, empty);
        assertThat(one).hasSize(1);
        assertThat(one.getFirst()).isSameAs(DATA);
        Batch unsorted = Batch.of("k1", new long[] {5, 1});
        assertThatThrownBy(() -> Partitioner.byRange(DATA, "k1", false, unsorted))
                .hasMessageContaining("not sorted ascending");
        assertThat(Partitioner.byRange(DATA, "k1", true, unsorted)).hasSize(3);
        assertThatThrownBy(() -> Partitioner.byRange(DATA, "k1", false, Batch.of("k1", new double[] {1})))
                .hasMessageContaining("'k1'").hasMessageContaining("DOUBLE");
        assertThatThrownBy(() -> Partitioner.byHash(DATA, List.of("k1"), 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Partitioner.byHash(DATA, List.of("nope"), 2)).hasMessageContaining("'nope'");
    }

    @Test
    void boundariesAreQuantilesOfTheSamples() {
        Batch samples = Batch.of("k", new long[] {9, 3, 5, 1, 7, 2, 8, 4, 6, 0});
        assertThat(Partitioner.sampleBoundaries(List.of(samples), "k", false, 5).longs("k"))
                .containsExactly(2, 4, 6, 8);
        assertThat(Partitioner.sampleBoundaries(List.of(samples), "k", true, 5).longs("k"))
                .containsExactly(7, 5, 3, 1);
        assertThat(Partitioner.sampleBoundaries(List.of(samples.slice(0, 2)), "k", false, 4).longs("k"))
                .containsExactly(3, 9, 9);
    }

    @Test
    void sampleTakesDistinctRowsFixedBySeed() {
        Batch s = Partitioner.sample(DATA, List.of("id", "k1"), 100, 3);
        assertThat(s.numRows()).isEqualTo(100);
        assertThat(s.columnNames()).containsExactly("id", "k1");
        assertThat(new HashSet<>(ids(s))).hasSize(100);
        assertThat(s).isEqualTo(Partitioner.sample(DATA, List.of("id", "k1"), 100, 3));
        assertThat(Partitioner.sample(DATA.slice(0, 10), List.of("id"), 100, 3).numRows()).isEqualTo(10);
    }
}
