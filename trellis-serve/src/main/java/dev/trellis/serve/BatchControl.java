package dev.trellis.serve;

import java.time.Duration;

/**
 * The batching options of one {@link Batch @Batch} method of one deployment instance (one
 * replica), readable and changeable while it serves: Ray's {@code set_max_batch_size} and
 * {@code set_batch_wait_timeout_s}. Obtained with {@link Batching#of}; typically changed in
 * {@code reconfigure(userConfig)} so that a deployment's {@code user_config} controls its batching.
 * A change applies from the next batch on; batches already formed or running are not touched.
 * Thread-safe.
 */
public interface BatchControl {
    /** {@code max_batch_size}: the most items in one batch. */
    int maxBatchSize();

    /** {@code batch_wait_timeout_s}: how long a batch waits for more items after its first one. */
    Duration batchWaitTimeout();

    /** {@code max_concurrent_batches}: how many batches may run at once. */
    int maxConcurrentBatches();

    /** Items waiting for a batch right now (not counting batches already running). */
    int queuedItems();

    /** @throws IllegalArgumentException naming {@code max_batch_size} unless {@code maxBatchSize >= 1} */
    void setMaxBatchSize(int maxBatchSize);

    /** @throws IllegalArgumentException naming {@code batch_wait_timeout_s} if {@code timeout} is null or negative */
    void setBatchWaitTimeout(Duration timeout);

    /** @throws IllegalArgumentException naming {@code max_concurrent_batches} unless {@code maxConcurrentBatches >= 1} */
    void setMaxConcurrentBatches(int maxConcurrentBatches);
}
