package dev.trellis.serve.internal.batch;

/**
 * Hears every batch one {@code @Batch} method ran: how many items it held and how long the
 * method took (for a streaming batch, until its stream ended). Called on the batch's thread,
 * after the batch; must be cheap and must not throw.
 */
@FunctionalInterface
public interface BatchObserver {
    BatchObserver NONE = (size, nanos) -> { };

    void batchRan(int size, long nanos);
}
