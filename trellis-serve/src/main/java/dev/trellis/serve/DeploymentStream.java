package dev.trellis.serve;

import java.time.Duration;
import java.util.Iterator;

/**
 * The items of a streaming call ({@link DeploymentHandle#stream}), arriving while the replica
 * still produces them: Ray's {@code DeploymentResponseGenerator}. Iterate it on one thread;
 * {@code hasNext()} waits for the next item (cheap on virtual threads) and rethrows the call's
 * typed failure. Trellis asks the replica for more items as they are consumed, so a slow
 * consumer slows the producer. {@link #close()} (or {@link #cancel()}) before the end cancels
 * the call on the replica.
 */
public interface DeploymentStream<T> extends Iterator<T>, AutoCloseable {

    /** Like {@link #hasNext()}, failing with {@link RequestTimeoutException} if no item or end arrives within {@code timeout}. */
    boolean hasNext(Duration timeout);

    /** Cancels the call; items not yet read are dropped. */
    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
