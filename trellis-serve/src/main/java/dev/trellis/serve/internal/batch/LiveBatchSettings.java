package dev.trellis.serve.internal.batch;

import dev.trellis.serve.BatchControl;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current batching options of one {@code @Batch} method of one instance: what
 * {@link dev.trellis.serve.Batching#of} hands to user code, and what that method's
 * {@link Batcher} reads each time it decides whether to send a batch. A change is one atomic
 * swap of the whole {@link BatchSettings}, then a nudge to the batcher so that, say, a shorter
 * timeout applies to the items already waiting. Thread-safe.
 */
public final class LiveBatchSettings implements BatchControl {
    private final String method;
    private final AtomicReference<BatchSettings> current;
    /**
     * Weak, because the registry holding these settings is keyed weakly by the instance, and the
     * batcher (through the method it calls) holds the instance: a strong reference would keep an
     * instance that nobody closed alive for ever.
     */
    private volatile WeakReference<Batcher<?>> batcher = new WeakReference<>(null);

    /** @param method the method's name for messages, such as {@code Model.predict} */
    public LiveBatchSettings(String method, BatchSettings initial) {
        this.method = method;
        this.current = new AtomicReference<>(initial);
    }

    /** The options now. */
    public BatchSettings current() {
        return current.get();
    }

    @Override
    public int maxBatchSize() {
        return current.get().maxBatchSize();
    }

    @Override
    public Duration batchWaitTimeout() {
        return current.get().batchWaitTimeout();
    }

    @Override
    public int maxConcurrentBatches() {
        return current.get().maxConcurrentBatches();
    }

    @Override
    public int queuedItems() {
        Batcher<?> b = batcher.get();
        return b == null ? 0 : b.queued();
    }

    @Override
    public void setMaxBatchSize(int maxBatchSize) {
        BatchSettings.checkMaxBatchSize(maxBatchSize);
        change(s -> s.withMaxBatchSize(maxBatchSize));
    }

    @Override
    public void setBatchWaitTimeout(Duration timeout) {
        BatchSettings.checkBatchWaitTimeout(timeout);
        change(s -> s.withBatchWaitTimeout(timeout));
    }

    @Override
    public void setMaxConcurrentBatches(int maxConcurrentBatches) {
        BatchSettings.checkMaxConcurrentBatches(maxConcurrentBatches);
        change(s -> s.withMaxConcurrentBatches(maxConcurrentBatches));
    }

    private void change(java.util.function.UnaryOperator<BatchSettings> update) {
        current.updateAndGet(update);
        Batcher<?> b = batcher.get();
        if (b != null) {
            b.settingsChanged();
        }
    }

    /** Called once by the batcher that reads these settings. */
    void attach(Batcher<?> owner) {
        this.batcher = new WeakReference<>(owner);
    }

    @Override
    public String toString() {
        return "@Batch " + method + " " + current.get();
    }
}
