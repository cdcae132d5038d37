package dev.trellis.data.internal.ops;

import dev.trellis.data.Aggregate;
import dev.trellis.data.Batch;
import dev.trellis.data.Field;
import dev.trellis.data.Schema;
import dev.trellis.data.internal.Column;
import dev.trellis.data.internal.ColumnBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Data's aggregations as pure functions over batches. Global: {@link #global}, or in steps
 * {@link #accumulate} per block, {@link #mergeAccumulators}, {@link #result}. Grouped:
 * {@link #partial} per block (or per hash partition of blocks), {@link #merge} of the partials
 * of one key range, {@link #finish} into rows sorted by key. Keys are one or more columns of any
 * type; equal keys (nulls equal to nulls) form one group; groups sort ascending, null first.
 */
public final class Aggregation {
    private Aggregation() {
    }

    /**
     * The aggregates over all rows of {@code batches} (at least one, all of one schema), as one
     * row: a column per aggregate, named by it.
     */
    public static Batch global(List<Batch> batches, List<Aggregate> aggregates) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("global aggregation of no batches needs their schema");
        }
        return global(batches, batches.getFirst().schema(), aggregates);
    }

    /** The aggregates over all rows of {@code batches} of {@code schema} (which may be none), as one row. */
    public static Batch global(List<Batch> batches, Schema schema, List<Aggregate> aggregates) {
        requireDistinctNames(List.of(), aggregates);
        List<Accumulator> accs = Accumulator.of(aggregates, schema);
        for (Batch b : batches) {
            accs = accs.stream().map(a -> a.accumulate(b)).toList();
        }
        return result(accs);
    }

    /** The partial states of {@code aggregates} over {@code batch}, one per aggregate. */
    public static List<Accumulator> accumulate(Batch batch, List<Aggregate> aggregates) {
        requireDistinctNames(List.of(), aggregates);
        return Accumulator.of(aggregates, batch.schema()).stream().map(a -> a.accumulate(batch)).toList();
    }

    /** The merge of lists of partial states (at least one list, each of the same aggregates in order). */
    public static List<Accumulator> mergeAccumulators(List<List<Accumulator>> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        var out = new ArrayList<>(parts.getFirst());
        for (List<Accumulator> part : parts.subList(1, parts.size())) {
            if (part.size() != out.size()) {
                throw new IllegalArgumentException("cannot merge " + part.size() + " aggregates into " + out.size());
            }
            for (int i = 0; i < out.size(); i++) {
                out.set(i, out.get(i).merge(part.get(i)));
            }
        }
        return List.copyOf(out);
    }

    /** The results of {@code accumulators} as one row, a column per aggregate named by it. */
    public static Batch result(List<Accumulator> accumulators) {
        var fields = new ArrayList<Field>();
        var cols = new ArrayList<Column>();
        for (Accumulator a : accumulators) {
            var b = new ColumnBuilder(a.aggregate().name(), a.resultType(), 1);
            b.add(a.result());
            fields.add(new Field(a.aggregate().name(), a.resultType()));
            cols.add(b.build());
        }
        return Batch.ofColumns(new Schema(fields), 1, cols);
    }

    /**
     * The grouped partial states of {@code aggregates} over {@code batch}, grouped by columns
     * {@code keys} (at least one). Fails naming a missing column, a column a function does not
     * take, or an output name used twice (or the name of a key).
     */
    public static GroupedPartial partial(Batch batch, List<String> keys, List<Aggregate> aggregates) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a grouped aggregation needs at least one key column");
        }
        requireDistinctNames(keys, aggregates);
        KeyIndex index = KeyIndex.of(KeyColumns.of(batch, keys), batch.numRows());
        Batch keyRows = batch.selectColumns(keys).take(index.firstRows());
        var states = new ArrayList<AggStates>();
        for (Aggregate a : aggregates) {
            states.add(AggStates.empty(a, batch.schema(), 0).accumulate(batch, null, index.groupOf(), index.groups()));
        }
        return new GroupedPartial(keyRows, states);
    }

    /**
     * The merge of {@code partials} (at least one, of the same key columns and aggregates): each
     * key once, its states merged.
     */
    public static GroupedPartial merge(List<GroupedPartial> partials) {
        if (partials.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        GroupedPartial first = partials.getFirst();
        if (partials.size() == 1) {
            return first;
        }
        var keyBatches = new ArrayList<Batch>();
        for (GroupedPartial p : partials) {
            if (!p.keys().schema().equals(first.keys().schema())) {
                throw new IllegalArgumentException("cannot merge partials keyed by " + p.keys().schema()
                        + " into ones keyed by " + first.keys().schema());
            }
            if (!p.aggregates().equals(first.aggregates())) {
                throw new IllegalArgumentException("cannot merge partials of " + p.aggregates() + " into ones of "
                        + first.aggregates());
            }
            keyBatches.add(p.keys());
        }
        Batch all = Batch.concat(keyBatches, first.keys().schema());
        KeyIndex index = KeyIndex.of(KeyColumns.all(all), all.numRows());
        var targets = new ArrayList<int[]>();
        int at = 0;
        for (GroupedPartial p : partials) {
            int[] t = new int[p.groups()];
            System.arraycopy(index.groupOf(), at, t, 0, t.length);
            at += t.length;
            targets.add(t);
        }
        var states = new ArrayList<AggStates>();
        for (int a = 0; a < first.states().size(); a++) {
            int agg = a;
            states.add(AggStates.combine(partials.stream().map(p -> p.states().get(agg)).toList(), targets,
                    index.groups()));
        }
        return new GroupedPartial(all.take(index.firstRows()), states);
    }

    /**
     * The rows of {@code partial}: the key columns, then a column per aggregate (named by it), a
     * row per key, sorted by key ascending with nulls first.
     */
    public static Batch finish(GroupedPartial partial) {
        Batch keys = partial.keys();
        KeyColumns kc = KeyColumns.all(keys);
        int[] order = IndexSort.sorted(keys.numRows(), kc::compare);
        Batch sortedKeys = keys.take(order);
        var fields = new ArrayList<>(keys.schema().fields());
        var cols = new ArrayList<>(sortedKeys.columnData());
        for (AggStates s : partial.states()) {
            fields.add(new Field(s.aggregate().name(), s.resultType()));
            cols.add(s.results(order));
        }
        return Batch.ofColumns(new Schema(fields), keys.numRows(), cols);
    }

    private static void requireDistinctNames(List<String> keys, List<Aggregate> aggregates) {
        var seen = new HashSet<>(keys);
        for (Aggregate a : aggregates) {
            if (!seen.add(a.name())) {
                throw new IllegalArgumentException("output column '" + a.name() + "' of " + a + " is used twice"
                        + (keys.contains(a.name()) ? " (it is a key column): rename it with as(...)" : ": rename"
                        + " one with as(...)"));
            }
        }
    }
}
