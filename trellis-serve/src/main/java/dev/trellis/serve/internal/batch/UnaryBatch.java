package dev.trellis.serve.internal.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs one batch of a {@code @Batch} method returning {@code List<O>}: calls it with the items'
 * inputs, checks that it returned one result per input, and gives each item its own. A failure of
 * the method, or a result of the wrong shape, fails every item of the batch with the same error
 * (Ray's fan-out). Items whose callers left meanwhile simply drop their results.
 */
public final class UnaryBatch<I, O> implements Batcher.BatchRunner<UnaryItem<I, O>> {

    /** The method, applied to a batch of inputs. */
    @FunctionalInterface
    public interface Function<I, O> {
        List<? extends O> apply(List<I> inputs) throws Throwable;
    }

    private final String method;
    private final Function<I, O> function;

    /** @param method the method's name for messages, such as {@code Model.predict} */
    public UnaryBatch(String method, Function<I, O> function) {
        this.method = method;
        this.function = function;
    }

    @Override
    public void run(List<UnaryItem<I, O>> batch) {
        List<? extends O> outputs;
        try {
            outputs = function.apply(inputs(batch));
        } catch (Throwable t) {
            batch.forEach(item -> item.fail(t));
            return;
        }
        if (outputs == null || outputs.size() != batch.size()) {
            var failure = new IllegalStateException("@Batch method " + method + " returned "
                    + (outputs == null ? "null" : outputs.size() + " results") + " for a batch of " + batch.size()
                    + " inputs; it must return a list with one result per input, in the same order");
            batch.forEach(item -> item.fail(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(outputs.get(i));
        }
    }

    /** The inputs in arrival order, as a list the method cannot change (nulls allowed, unlike {@code List.copyOf}). */
    static <I> List<I> inputs(List<? extends PendingItem<I>> batch) {
        var inputs = new ArrayList<I>(batch.size());
        for (PendingItem<I> item : batch) {
            inputs.add(item.input());
        }
        return Collections.unmodifiableList(inputs);
    }
}
