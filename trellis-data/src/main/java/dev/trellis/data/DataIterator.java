package dev.trellis.data;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trellis.core.ActorHandle;
import dev.trellis.data.internal.exec.Execution;
import dev.trellis.data.internal.exec.SplitCoordinator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One consumer's share of a {@link Dataset#streamingSplit} (Ray's {@code DataIterator}): a small
 * value that can be handed to a task or an actor on another node (a Train worker), whose
 * {@link #iterBatches} pulls blocks from the shared execution as it goes. Each call of
 * {@code iterBatches} is one epoch; epoch {@code k + 1} starts once every consumer has finished
 * epoch {@code k}.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class DataIterator {
    private final ActorHandle<SplitCoordinator> coordinator;
    private final int index;
    private int epoch;

    @JsonCreator
    DataIterator(@JsonProperty("coordinator") ActorHandle<SplitCoordinator> coordinator,
                 @JsonProperty("index") int index, @JsonProperty("epoch") int epoch) {
        this.coordinator = coordinator;
        this.index = index;
        this.epoch = epoch;
    }

    /** Which of the split's consumers this is. */
    public int index() {
        return index;
    }

    /** This consumer's next epoch, in batches of {@code batchSize} rows (0: blocks as they come). */
    public Iterable<Batch> iterBatches(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be 0 (blocks as they come) or more, was " + batchSize);
        }
        int wanted = epoch++;
        return () -> new Epoch(wanted, batchSize);
    }

    /** This consumer's next epoch, row by row. */
    public Iterable<Row> iterRows() {
        Iterable<Batch> batches = iterBatches(0);
        return () -> new Iterator<>() {
            private final Iterator<Batch> it = batches.iterator();
            private Batch current;
            private int next;

            @Override
            public boolean hasNext() {
                while ((current == null || next >= current.numRows()) && it.hasNext()) {
                    current = it.next();
                    next = 0;
                }
                return current != null && next < current.numRows();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.row(next++);
            }
        };
    }

    /** The blocks of one epoch, re-cut to the batch size. */
    private final class Epoch implements Iterator<Batch> {
        private final int wanted;
        private final int size;
        private final ArrayDeque<Batch> pending = new ArrayDeque<>();
        private int pendingRows;
        private boolean done;

        Epoch(int wanted, int size) {
            this.wanted = wanted;
            this.size = size;
        }

        @Override
        public boolean hasNext() {
            fill();
            return !pending.isEmpty();
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
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

        private void fill() {
            while (!done && (size == 0 ? pending.isEmpty() : pendingRows < size)) {
                SplitCoordinator.Next n = Execution.get(coordinator.task(SplitCoordinator::next, index, wanted).remote());
                if (n.retry()) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DataException("interrupted waiting for the other consumers of a streaming split");
                    }
                } else if (n.end()) {
                    done = true;
                } else {
                    Batch b = Execution.get(n.block().ref());
                    pending.add(b);
                    pendingRows += b.numRows();
                }
            }
        }
    }
}
