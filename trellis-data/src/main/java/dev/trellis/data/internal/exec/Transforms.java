package dev.trellis.data.internal.exec;

import dev.trellis.data.Batch;
import dev.trellis.data.BatchMapper;
import dev.trellis.data.ColumnFunction;
import dev.trellis.data.Row;
import dev.trellis.data.RowFlatMapper;
import dev.trellis.data.RowMapper;
import dev.trellis.data.RowPredicate;
import dev.trellis.data.internal.plan.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a fused chain of per-batch operators to one batch (what one map task does). Row
 * operators work on the batch's rows, batch operators on the batch; a failure is rethrown
 * naming the operator and {@code where} the batch came from.
 */
public final class Transforms {
    private Transforms() {
    }

    public static Batch apply(List<Op> ops, Batch in, String where) {
        Batch batch = in;
        List<Row> rows = null;
        for (Op op : ops) {
            try {
                switch (op) {
                    case Op.MapRows m -> {
                        rows = rows != null ? rows : batch.rows();
                        var out = new ArrayList<Row>(rows.size());
                        for (Row r : rows) {
                            out.add(java.util.Objects.requireNonNull((Row) m.fn().call(new Object[] {r},
                                    (fn, a) -> ((RowMapper) fn).apply((Row) a[0])), "the function returned null"));
                        }
                        rows = out;
                    }
                    case Op.Filter f -> {
                        if (rows == null && batch.numRows() == 0) {
                            continue;
                        }
                        rows = rows != null ? rows : batch.rows();
                        var out = new ArrayList<Row>();
                        for (Row r : rows) {
                            if ((Boolean) f.fn().call(new Object[] {r}, (fn, a) -> ((RowPredicate) fn).test((Row) a[0]))) {
                                out.add(r);
                            }
                        }
                        if (out.isEmpty()) {
                            batch = Batch.empty(rows.isEmpty() ? batch.schema() : Batch.fromRows(List.of(rows.getFirst())).schema());
                            rows = null;
                        } else {
                            rows = out;
                        }
                    }
                    case Op.FlatMap f -> {
                        rows = rows != null ? rows : batch.rows();
                        var out = new ArrayList<Row>();
                        for (Row r : rows) {
                            Object many = f.fn().call(new Object[] {r}, (fn, a) -> ((RowFlatMapper) fn).apply((Row) a[0]));
                            if (!(many instanceof Iterable<?> it)) {
                                throw new IllegalArgumentException("a flatMap function must return an Iterable of rows, got "
                                        + (many == null ? "null" : many.getClass().getName()));
                            }
                            out.addAll(toRows(it));
                        }
                        rows = out;
                    }
                    case Op.MapBatches m -> {
                        batch = settle(batch, rows);
                        rows = null;
                        batch = mapInChunks(batch, m);
                    }
                    case Op.AddColumn a -> {
                        batch = settle(batch, rows);
                        rows = null;
                        Batch current = batch;
                        Object values = a.fn().call(new Object[] {current}, (fn, x) -> ((ColumnFunction) fn).apply((Batch) x[0]));
                        batch = batch.withColumn(a.name(), values);
                    }
                    case Op.DropColumns d -> {
                        batch = settle(batch, rows).dropColumns(d.names());
                        rows = null;
                    }
                    case Op.SelectColumns s -> {
                        batch = settle(batch, rows).selectColumns(s.names());
                        rows = null;
                    }
                    case Op.RenameColumns r -> {
                        batch = settle(batch, rows).renameColumns(r.names());
                        rows = null;
                    }
                    default -> throw new IllegalStateException(op.describe() + " is not a per-batch operator");
                }
            } catch (DataTaskException e) {
                throw e;
            } catch (Exception e) {
                throw new DataTaskException(op.describe() + " failed on " + where + ": " + e, e);
            }
        }
        return settle(batch, rows);
    }

    private static List<Row> toRows(Iterable<?> items) {
        var out = new ArrayList<Row>();
        for (Object o : items) {
            if (!(o instanceof Row r)) {
                throw new IllegalArgumentException("a flatMap function must return rows, got a "
                        + (o == null ? "null" : o.getClass().getName()));
            }
            out.add(r);
        }
        return out;
    }

    /** The batch the rows make, or {@code batch} when no row operator ran since it. */
    private static Batch settle(Batch batch, List<Row> rows) {
        if (rows == null) {
            return batch;
        }
        return rows.isEmpty() ? Batch.empty(batch.numRows() == 0 ? batch.schema() : new dev.trellis.data.Schema(List.of()))
                : Batch.fromRows(rows);
    }

    private static Batch mapInChunks(Batch batch, Op.MapBatches m) throws Exception {
        return chunked(batch, m.batchSize(), in -> call(m, in));
    }

    /** Applies {@code fn} to {@code batch} in slices of {@code batchSize} rows (0: whole), concatenating the results. */
    public static Batch chunked(Batch batch, int batchSize, BatchMapper fn) throws Exception {
        if (batchSize <= 0 || batch.numRows() <= batchSize) {
            return checked(fn.apply(batch));
        }
        var outs = new ArrayList<Batch>();
        for (int from = 0; from < batch.numRows(); from += batchSize) {
            outs.add(checked(fn.apply(batch.slice(from, Math.min(batch.numRows(), from + batchSize)))));
        }
        return Batches.concatNonEmpty(outs);
    }

    /** {@code out} as a batch, or an error saying a batch function must return one. */
    public static Batch checkedBatch(Object out) {
        return checked(out);
    }

    private static Batch checked(Object out) {
        if (!(out instanceof Batch b)) {
            throw new IllegalArgumentException("a mapBatches function must return a Batch, got "
                    + (out == null ? "null" : out.getClass().getName()));
        }
        return b;
    }

    private static Batch call(Op.MapBatches m, Batch in) throws Exception {
        return checked(m.fn().call(new Object[] {in}, (fn, a) -> ((BatchMapper) fn).apply((Batch) a[0])));
    }
}
