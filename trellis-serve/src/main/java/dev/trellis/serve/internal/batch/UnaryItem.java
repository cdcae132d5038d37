package dev.trellis.serve.internal.batch;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The item of one caller of a {@code @Batch} method returning {@code List<O>}: its result is its
 * entry of the batch's output list. The caller waits in {@link #await()}; interrupting it (how a
 * replica cancels a call) makes it leave, see {@link PendingItem}.
 */
public final class UnaryItem<I, O> extends PendingItem<I> {
    private final CompletableFuture<O> result = new CompletableFuture<>();

    public UnaryItem(I input) {
        super(input);
    }

    /**
     * Waits for this item's result and returns it, or throws what its batch failed with.
     *
     * @throws InterruptedException when the waiting thread is interrupted; the item has then left
     */
    public O await() throws Throwable {
        try {
            return result.get();
        } catch (InterruptedException e) {
            cancel();
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (CancellationException e) {
            throw new CancellationException("the call left its batch");
        }
    }

    /** The result, for callers that do not block (tests, local composition). */
    public CompletableFuture<O> result() {
        return result;
    }

    /** The caller leaves: out of the queue if still there, its result dropped otherwise. True if it had not ended. */
    public boolean cancel() {
        withdraw();
        return result.cancel(false);
    }

    void complete(O value) {
        result.complete(value);
    }

    @Override
    boolean abandoned() {
        return result.isDone();
    }

    @Override
    void fail(Throwable failure) {
        result.completeExceptionally(failure);
    }
}
