package dev.trellis.serve;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Dynamic request batching, Ray Serve's {@code @serve.batch}: callers call the method one item at
 * a time, and the replica calls it with a list of the items that arrived together.
 * <pre>{@code
 * @Batch(maxBatchSize = 16, batchWaitTimeoutMillis = 5)
 * public List<float[]> predict(List<float[]> inputs) { ... one result per input, in order ... }
 *
 * float[] y = model.remoteBatched(Model::predict, x).result();       // one item in, one result out
 * }</pre>
 *
 * <p>The method must be a public instance method taking exactly one {@code List<I>} and returning
 * {@code List<O>} with one result per input, in the same order; or, for a streaming batch,
 * returning {@code Stream<List<O>>} or {@code Iterator<List<O>>}, each step holding one entry per
 * input ({@code null} ends that caller's stream). A method of another shape fails the deployment
 * when the application is planned, naming the method and the rule.
 *
 * <p>A batch is sent to the method as soon as it holds {@link #maxBatchSize} items, or when
 * {@link #batchWaitTimeoutMillis} have passed since its first item arrived, whichever comes
 * first, and at most {@link #maxConcurrentBatches} batches run at once. If the method throws,
 * every caller of that batch fails with its exception; if it returns a list of the wrong length,
 * every caller fails with an error saying so. A caller that is cancelled leaves its batch.
 *
 * <p>Each item waiting for its batch is a running call of the replica, so batches never hold
 * more than the deployment's {@code max_ongoing_requests} items: set it to at least
 * {@code maxBatchSize * maxConcurrentBatches} (Trellis logs a warning otherwise).
 *
 * <p>The values here are the defaults of each replica; change them at run time, for example from
 * {@code reconfigure(userConfig)}, with {@link Batching#of}. See docs/batching.md.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Batch {
    /** {@code max_batch_size}: the most items in one call of the method; default 10, as in Ray. */
    int maxBatchSize() default 10;

    /**
     * {@code batch_wait_timeout_s}, in milliseconds here: how long a batch waits for more items
     * after its first one arrived; default 10 ms, as in Ray. 0 sends whatever has arrived.
     */
    long batchWaitTimeoutMillis() default 10;

    /** {@code max_concurrent_batches}: how many batches of this method may run at once; default 1, as in Ray. */
    int maxConcurrentBatches() default 1;
}
