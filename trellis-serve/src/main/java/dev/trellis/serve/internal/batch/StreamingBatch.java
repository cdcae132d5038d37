package dev.trellis.serve.internal.batch;

import java.util.Iterator;
import java.util.List;
import java.util.stream.BaseStream;

/**
 * Runs one batch of a streaming {@code @Batch} method, which returns a {@code Stream} or
 * {@code Iterator} of steps, each a list with one entry per input: entry {@code i} of every step
 * goes to the stream of caller {@code i}, and a {@code null} entry ends it (Ray's
 * {@code StopIteration}); entries for callers that have ended or left are ignored. The method's
 * stream is read only while some caller is still there, and closed at the end. A failure of the
 * method, or a step of the wrong shape, fails the stream of every caller still reading, after the
 * results it already has.
 */
public final class StreamingBatch<I, O> implements Batcher.BatchRunner<StreamItem<I, O>> {

    /** The method, applied to a batch of inputs: a {@code Stream<List<O>>} or {@code Iterator<List<O>>}. */
    @FunctionalInterface
    public interface Function<I> {
        Object apply(List<I> inputs) throws Throwable;
    }

    private final String method;
    private final Function<I> function;

    /** @param method the method's name for messages, such as {@code Llm.generate} */
    public StreamingBatch(String method, Function<I> function) {
        this.method = method;
        this.function = function;
    }

    @Override
    public void run(List<StreamItem<I, O>> batch) {
        Object produced;
        try {
            produced = function.apply(UnaryBatch.inputs(batch));
        } catch (Throwable t) {
            batch.forEach(item -> item.fail(t));
            return;
        }
        AutoCloseable onEnd = produced instanceof BaseStream<?, ?> stream ? stream : null;
        try {
            Iterator<?> steps = switch (produced) {
                case BaseStream<?, ?> stream -> stream.iterator();
                case Iterator<?> iterator -> iterator;
                case null -> throw new IllegalStateException("@Batch method " + method + " returned null for a batch"
                        + " of " + batch.size() + " inputs; a streaming batch method must return a Stream or Iterator"
                        + " of steps");
                default -> throw new IllegalStateException("@Batch method " + method + " returned a "
                        + produced.getClass().getName() + "; a streaming batch method must return a Stream or"
                        + " Iterator of steps");
            };
            deliver(steps, batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            var failure = new IllegalStateException("the batch of " + method + " was interrupted");
            batch.forEach(item -> item.fail(failure));
        } catch (Throwable t) {
            batch.forEach(item -> item.fail(t));
        } finally {
            if (onEnd != null) {
                try {
                    onEnd.close();
                } catch (Exception ignored) {
                    // closing the method's stream is best effort; every caller's outcome is already decided
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(Iterator<?> steps, List<StreamItem<I, O>> batch) throws InterruptedException {
        int n = batch.size();
        while (anyOpen(batch) && steps.hasNext()) {
            Object step = steps.next();
            if (!(step instanceof List<?> entries) || entries.size() != n) {
                throw new IllegalStateException("@Batch method " + method + " produced a step of "
                        + (step instanceof List<?> l ? l.size() + " results" : String.valueOf(step))
                        + " for a batch of " + n + " inputs; every step must be a list with one entry per input"
                        + " (null once that input's stream has ended)");
            }
            for (int i = 0; i < n; i++) {
                StreamItem<I, O> item = batch.get(i);
                if (!item.open()) {
                    continue;
                }
                Object entry = entries.get(i);
                if (entry == null) {
                    item.end();
                } else {
                    item.put((O) entry);
                }
            }
        }
        batch.forEach(StreamItem::end);
    }

    private static boolean anyOpen(List<? extends StreamItem<?, ?>> batch) {
        for (StreamItem<?, ?> item : batch) {
            if (item.open()) {
                return true;
            }
        }
        return false;
    }
}
