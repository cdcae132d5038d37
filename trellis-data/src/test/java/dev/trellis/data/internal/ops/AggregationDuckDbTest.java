package dev.trellis.data.internal.ops;

import static dev.trellis.data.internal.ops.OpsFixtures.assertSameRows;
import static dev.trellis.data.internal.ops.OpsFixtures.query;
import static dev.trellis.data.internal.ops.OpsFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.data.Aggregate;
import dev.trellis.data.Batch;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Global and grouped aggregations over 50k random rows, in many splits, against DuckDB's answers. */
class AggregationDuckDbTest {
    private static final List<Aggregate> X_AGGS = List.of(Aggregate.count("x"), Aggregate.sum("x"),
            Aggregate.min("x"), Aggregate.max("x"), Aggregate.mean("x"), Aggregate.std("x"), Aggregate.count());
    private static final String X_SQL = "count(x), sum(x)::BIGINT, min(x), max(x), avg(x), stddev_samp(x), count(*)";
    private static final List<Aggregate> Y_AGGS = List.of(Aggregate.count("y"), Aggregate.sum("y"),
            Aggregate.min("y"), Aggregate.max("y"), Aggregate.mean("y"), Aggregate.std("y"),
            Aggregate.std("y", 0).as("pop"), Aggregate.min("s"), Aggregate.max("s"));
    private static final String Y_SQL = "count(y), sum(y), min(y), max(y), avg(y), stddev_samp(y), stddev_pop(y),"
            + " min(s), max(s)";

    private static Batch data;
    private static Connection duck;

    @BeforeAll
    static void load() throws Exception {
        data = OpsFixtures.data(OpsFixtures.ROWS, 42);
        duck = OpsFixtures.duckDb(data);
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
    }

    /** The ways the rows are cut into batches: one, even chunks, random sizes with empty ones. */
    private static List<List<Batch>> splits() {
        return List.of(List.of(data), OpsFixtures.chunks(data, 1000), OpsFixtures.randomSplit(data, 3000, 7),
                OpsFixtures.randomSplit(data, 40, 8));
    }

    private static boolean[] stdAt(int width, int... columns) {
        boolean[] b = new boolean[width];
        for (int c : columns) {
            b[c] = true;
        }
        return b;
    }

    @Test
    void globalAggregatesMatchDuckDbInEverySplit() throws Exception {
        var expectedX = query(duck, "SELECT " + X_SQL + " FROM t");
        var expectedY = query(duck, "SELECT " + Y_SQL + " FROM t");
        for (List<Batch> split : splits()) {
            assertSameRows(rows(Aggregation.global(split, X_AGGS)), expectedX, null);
            assertSameRows(rows(Aggregation.global(split, Y_AGGS)), expectedY, null);
            // the distributed way: a partial per batch, merged in a shuffled order
            var parts = new ArrayList<List<Accumulator>>();
            for (Batch b : split) {
                parts.add(Aggregation.accumulate(b, Y_AGGS));
            }
            Collections.shuffle(parts, new Random(split.size()));
            assertSameRows(rows(Aggregation.result(Aggregation.mergeAccumulators(parts))), expectedY, null);
        }
    }

    @Test
    void globalAggregatesOfNoRowsAreNullAndZeroCounts() throws Exception {
        Batch none = Aggregation.global(List.of(), data.schema(), X_AGGS);
        var expected = query(duck, "SELECT " + X_SQL + " FROM t WHERE id < 0");
        assertSameRows(rows(none), expected, null);
        assertThat(rows(none).getFirst()).containsExactly(0L, null, null, null, null, null, 0L);
    }

    @Test
    void groupedByOneKeyMatchesDuckDbInEverySplitAndMergeOrder() throws Exception {
        var expectedX = query(duck, "SELECT k1, " + X_SQL + " FROM t GROUP BY k1 ORDER BY k1 NULLS FIRST");
        var expectedY = query(duck, "SELECT k1, " + Y_SQL + " FROM t GROUP BY k1 ORDER BY k1 NULLS FIRST");
        assertThat(expectedX.getFirst().getFirst()).isNull(); // a null key group, sorted first
        for (List<Batch> split : splits()) {
            assertSameRows(rows(grouped(split, List.of("k1"), X_AGGS, MergeOrder.ALL_AT_ONCE)), expectedX,
                    stdAt(8, 6));
            assertSameRows(rows(grouped(split, List.of("k1"), Y_AGGS, MergeOrder.PAIRWISE)), expectedY,
                    stdAt(10, 6, 7));
            assertSameRows(rows(grouped(split, List.of("k1"), Y_AGGS, MergeOrder.SHUFFLED_ONE_BY_ONE)), expectedY,
                    stdAt(10, 6, 7));
        }
    }

    @Test
    void edgeGroupsFollowRay() {
        Batch out = grouped(List.of(data), List.of("k1"), X_AGGS, MergeOrder.ALL_AT_ONCE);
        int allNull = -1;
        int single = -1;
        for (int r = 0; r < out.numRows(); r++) {
            Object k = out.value("k1", r);
            if (Long.valueOf(OpsFixtures.ALL_NULL_KEY).equals(k)) {
                allNull = r;
            } else if (Long.valueOf(OpsFixtures.SINGLE_KEY).equals(k)) {
                single = r;
            }
        }
        assertThat(out.row(allNull).asMap()).containsEntry("count(x)", 0L).containsEntry("sum(x)", null)
                .containsEntry("min(x)", null).containsEntry("mean(x)", null).containsEntry("std(x)", null);
        assertThat((Long) out.value("count()", allNull)).isPositive();
        assertThat(out.value("count(x)", single)).isEqualTo(1L);
        assertThat((Double) out.value("std(x)", single)).isNaN();
        assertThat(out.value("min(x)", single)).isEqualTo(out.value("max(x)", single));
    }

    @Test
    void groupedByTwoKeysMatchesDuckDb() throws Exception {
        var expected = query(duck, "SELECT k1, k2, " + X_SQL + ", " + Y_SQL
                + " FROM t GROUP BY k1, k2 ORDER BY k1 NULLS FIRST, k2 NULLS FIRST");
        var aggs = new ArrayList<>(X_AGGS);
        aggs.addAll(Y_AGGS);
        boolean[] std = stdAt(18, 7, 14, 15);
        for (List<Batch> split : splits()) {
            assertSameRows(rows(grouped(split, List.of("k1", "k2"), aggs, MergeOrder.PAIRWISE)), expected, std);
        }
        var byStringFirst = query(duck, "SELECT k2, k1, " + X_SQL
                + " FROM t GROUP BY k2, k1 ORDER BY k2 NULLS FIRST, k1 NULLS FIRST");
        assertSameRows(rows(grouped(OpsFixtures.chunks(data, 5000), List.of("k2", "k1"), X_AGGS,
                MergeOrder.SHUFFLED_ONE_BY_ONE)), byStringFirst, stdAt(9, 7));
    }

    @Test
    void groupedOverHashPartitionsMatchesDuckDb() throws Exception {
        // as the executor runs it: each block hash-partitioned, a partial per piece, each partition
        // merged and finished alone; the partitions' groups are disjoint and together all of them
        int n = 5;
        var expected = query(duck, "SELECT k1, k2, " + X_SQL
                + " FROM t GROUP BY k1, k2 ORDER BY k1 NULLS FIRST, k2 NULLS FIRST");
        var perPartition = new ArrayList<List<GroupedPartial>>();
        for (int p = 0; p < n; p++) {
            perPartition.add(new ArrayList<>());
        }
        for (Batch block : OpsFixtures.chunks(data, 7000)) {
            List<Batch> parts = Partitioner.byHash(block, List.of("k1", "k2"), n);
            for (int p = 0; p < n; p++) {
                perPartition.get(p).add(Aggregation.partial(parts.get(p), List.of("k1", "k2"), X_AGGS));
            }
        }
        var finished = new ArrayList<Batch>();
        for (List<GroupedPartial> partials : perPartition) {
            finished.add(Aggregation.finish(Aggregation.merge(partials)));
        }
        int total = finished.stream().mapToInt(Batch::numRows).sum();
        assertThat(total).isEqualTo(expected.size());
        Batch all = Sorter.sort(Batch.concat(finished, null), List.of("k1", "k2"), false);
        assertSameRows(rows(all), expected, stdAt(9, 7));
    }

    enum MergeOrder { ALL_AT_ONCE, PAIRWISE, SHUFFLED_ONE_BY_ONE }

    /** Grouped aggregation of {@code batches}: a partial per batch, merged in {@code order}, finished. */
    static Batch grouped(List<Batch> batches, List<String> keys, List<Aggregate> aggs, MergeOrder order) {
        var partials = new ArrayList<GroupedPartial>();
        for (Batch b : batches) {
            partials.add(Aggregation.partial(b, keys, aggs));
        }
        GroupedPartial merged = switch (order) {
            case ALL_AT_ONCE -> Aggregation.merge(partials);
            case PAIRWISE -> {
                List<GroupedPartial> level = partials;
                while (level.size() > 1) {
                    var next = new ArrayList<GroupedPartial>();
                    for (int i = 0; i < level.size(); i += 2) {
                        next.add(Aggregation.merge(level.subList(i, Math.min(level.size(), i + 2))));
                    }
                    level = next;
                }
                yield level.getFirst();
            }
            case SHUFFLED_ONE_BY_ONE -> {
                Collections.shuffle(partials, new Random(11));
                GroupedPartial acc = partials.getFirst();
                for (GroupedPartial p : partials.subList(1, partials.size())) {
                    acc = Aggregation.merge(List.of(acc, p));
                }
                yield acc;
            }
        };
        return Aggregation.finish(merged);
    }
}
