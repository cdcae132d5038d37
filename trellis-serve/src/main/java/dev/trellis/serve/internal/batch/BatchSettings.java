package dev.trellis.serve.internal.batch;

import dev.trellis.serve.Batch;
import java.time.Duration;

/**
 * One consistent set of batching options (an immutable value; {@link LiveBatchSettings} holds the
 * current one). Every value is checked here, and a bad one is named in its Ray spelling.
 *
 * @param maxBatchSize         {@code max_batch_size}, at least 1
 * @param batchWaitTimeout     {@code batch_wait_timeout_s}, zero or more
 * @param maxConcurrentBatches {@code max_concurrent_batches}, at least 1
 */
public record BatchSettings(int maxBatchSize, Duration batchWaitTimeout, int maxConcurrentBatches) {

    public BatchSettings {
        checkMaxBatchSize(maxBatchSize);
        checkBatchWaitTimeout(batchWaitTimeout);
        checkMaxConcurrentBatches(maxConcurrentBatches);
    }

    /** The annotation's values. */
    public static BatchSettings of(Batch batch) {
        if (batch.batchWaitTimeoutMillis() < 0) {
            throw new IllegalArgumentException("batch_wait_timeout_s must be >= 0, was "
                    + batch.batchWaitTimeoutMillis() + " ms");
        }
        return new BatchSettings(batch.maxBatchSize(), Duration.ofMillis(batch.batchWaitTimeoutMillis()),
                batch.maxConcurrentBatches());
    }

    BatchSettings withMaxBatchSize(int value) {
        return new BatchSettings(value, batchWaitTimeout, maxConcurrentBatches);
    }

    BatchSettings withBatchWaitTimeout(Duration value) {
        return new BatchSettings(maxBatchSize, value, maxConcurrentBatches);
    }

    BatchSettings withMaxConcurrentBatches(int value) {
        return new BatchSettings(maxBatchSize, batchWaitTimeout, value);
    }

    static void checkMaxBatchSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("max_batch_size must be >= 1, was " + value);
        }
    }

    static void checkBatchWaitTimeout(Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("batch_wait_timeout_s must be >= 0, was " + value);
        }
    }

    static void checkMaxConcurrentBatches(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("max_concurrent_batches must be >= 1, was " + value);
        }
    }
}
