package dev.trellis.data.internal.exec;

import dev.trellis.data.Batch;
import dev.trellis.data.Row;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Batches of exactly {@code size} rows (the last may be smaller; 0: as they come) cut from or
 * joined out of the batches {@code source} gives (null at the end), fetched only as iteration
 * needs them; and rows one by one out of batches.
 */
public final class Rebatch implements Iterator<Batch> {
    private final Supplier<Batch> source;
    private final int size;
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();
    private int pendingRows;
    private boolean done;
    private Batch next;

    public Rebatch(Supplier<Batch> source, int size) {
        this.source = source;
        this.size = size;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch b = next;
        next = null;
        return b;
    }

    private Batch advance() {
        while (!done && (size == 0 ? pending.isEmpty() : pendingRows < size)) {
            Batch b = source.get();
            if (b == null) {
                done = true;
            } else if (b.numRows() > 0) {
                pending.add(b);
                pendingRows += b.numRows();
            }
        }
        if (pending.isEmpty()) {
            return null;
        }
        if (size == 0) {
            Batch b = pending.poll();
            pendingRows -= b.numRows();
            return b;
        }
        var take = new ArrayList<Batch>();
        int rows = 0;
        while (rows < size && !pending.isEmpty()) {
            Batch b = pending.poll();
            int want = size - rows;
            if (b.numRows() <= want) {
                take.add(b);
                rows += b.numRows();
            } else {
                take.add(b.slice(0, want));
                pending.addFirst(b.slice(want, b.numRows()));
                rows += want;
            }
        }
        pendingRows -= rows;
        return Batch.concat(take, null);
    }

    /** The rows of {@code batches}, one by one. */
    public static Iterator<Row> rows(Iterator<Batch> batches) {
        return new Iterator<>() {
            private Batch current;
            private int at;

            @Override
            public boolean hasNext() {
                while ((current == null || at >= current.numRows()) && batches.hasNext()) {
                    current = batches.next();
                    at = 0;
                }
                return current != null && at < current.numRows();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.row(at++);
            }
        };
    }
}
