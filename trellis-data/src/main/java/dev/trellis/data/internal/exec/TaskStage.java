package dev.trellis.data.internal.exec;

import dev.trellis.core.ObjectRef;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one Core task per input, at most {@code window} at a time, and yields their blocks in
 * input order. A new task starts only when the consumer has taken the blocks of an earlier
 * one, so at most {@code window} tasks' outputs wait in the object store.
 */
final class TaskStage implements BlockStream {
    private final Iterator<Supplier<ObjectRef<Blocks>>> launches;
    private final int window;
    private final Runnable onClose;
    private final StageStats stats;
    private final ArrayDeque<ObjectRef<Blocks>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<BlockRef> ready = new ArrayDeque<>();
    private boolean closed;
    private final long budget = dev.trellis.data.DataContext.current().operatorMemoryBytes();
    private final boolean ordered = dev.trellis.data.DataContext.current().preserveOrder();
    /** Bytes of finished, unconsumed blocks. */
    private long readyBytes;
    /** What tasks of this stage produced so far, for the expected output of a running one. */
    private long producedBytes;
    private long finishedTasks;

    TaskStage(Iterator<Supplier<ObjectRef<Blocks>>> launches, int window, Runnable onClose, StageStats stats) {
        this.launches = launches;
        this.stats = stats;
        this.window = Math.max(1, window);
        this.onClose = onClose;
    }

    @Override
    public BlockRef next() {
        while (ready.isEmpty()) {
            fill();
            ObjectRef<Blocks> head = ordered ? inFlight.poll() : firstReady();
            if (head == null) {
                return null;
            }
            Blocks done = Execution.get(head);
            stats.finished(done);
            ready.addAll(done.list());
            finishedTasks++;
            for (BlockRef b : done.list()) {
                readyBytes += b.bytes();
                producedBytes += b.bytes();
            }
            fill();
        }
        BlockRef b = ready.poll();
        readyBytes -= b.bytes();
        return b;
    }

    /**
     * Starts tasks while fewer than {@code window} run and the bytes this stage holds for its
     * consumer (finished blocks, plus the expected output of the running tasks) stay within the
     * operator budget; one task always runs, so a stage never stalls.
     */
    private void fill() {
        while (!closed && inFlight.size() < window && launches.hasNext()
                && (inFlight.isEmpty() || readyBytes + (inFlight.size() + 1L) * expectedTaskBytes() <= budget)) {
            inFlight.add(launches.next().get());
            stats.started();
        }
    }

    /** The first of the running tasks to finish, taken out of the window; null if none runs. */
    private ObjectRef<Blocks> firstReady() {
        while (!inFlight.isEmpty()) {
            var w = dev.trellis.core.Trellis.wait(java.util.List.copyOf(inFlight), 1, java.time.Duration.ofSeconds(1));
            if (!w.ready().isEmpty()) {
                ObjectRef<Blocks> r = w.ready().getFirst();
                inFlight.remove(r);
                return r;
            }
        }
        return null;
    }

    private long expectedTaskBytes() {
        return finishedTasks == 0 ? 1 : Math.max(1, producedBytes / finishedTasks);
    }

    @Override
    public void close() {
        closed = true;
        inFlight.clear();
        ready.clear();
        onClose.run();
    }
}
