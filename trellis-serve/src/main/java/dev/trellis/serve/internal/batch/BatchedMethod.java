package dev.trellis.serve.internal.batch;

import dev.trellis.core.internal.VirtualThreads;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One {@code @Batch} method of one instance, called one item at a time: {@link #call} queues the
 * caller's item with the method's {@link Batcher} and waits for its result (or returns its stream
 * of results, for a streaming batch). Each batch runs on a virtual thread of its own.
 */
public final class BatchedMethod {
    /** Results of a streaming batch that may wait for each caller before the batch waits for it. */
    static final int STREAM_BUFFER = 16;

    private final BatchShape shape;
    private final Batcher<UnaryItem<Object, Object>> unary;
    private final Batcher<StreamItem<Object, Object>> streaming;

    BatchedMethod(Object target, BatchShape shape, LiveBatchSettings settings, String threadName, InstantSource clock,
                  BatchScheduler scheduler, BatchObserver observer) {
        this.shape = shape;
        Method method = shape.method();
        method.trySetAccessible();
        Executor batches = task -> VirtualThreads.start(threadName, task);
        if (shape.streaming()) {
            this.unary = null;
            this.streaming = new Batcher<>(shape.name(), settings,
                    observed(new StreamingBatch<>(shape.name(), inputs -> invoke(target, method, inputs)), observer), clock,
                    scheduler,
                    batches);
        } else {
            this.streaming = null;
            this.unary = new Batcher<>(shape.name(), settings,
                    observed(new UnaryBatch<>(shape.name(), inputs -> (List<?>) invoke(target, method, inputs)), observer),
                    clock, scheduler, batches);
        }
    }

    /**
     * Calls the method with {@code input} as part of a batch: blocks until this input's result is
     * there and returns it, or, for a streaming batch, returns at once a {@code Stream} of this
     * input's results. Throws what the batch failed with.
     *
     * @throws InterruptedException if the calling thread is interrupted while it waits; the input has then left its batch
     */
    public Object call(Object input) throws Throwable {
        if (streaming != null) {
            var item = new StreamItem<Object, Object>(input, STREAM_BUFFER);
            streaming.submit(item);
            return item.stream();
        }
        var item = new UnaryItem<Object, Object>(input);
        unary.submit(item);
        return item.await();
    }

    public BatchShape shape() {
        return shape;
    }

    void close(Throwable reason) {
        if (unary != null) {
            unary.close(reason);
        } else {
            streaming.close(reason);
        }
    }

    /** {@code runner}, reporting each batch's size and run time to {@code observer}, failed batches included. */
    private static <P> Batcher.BatchRunner<P> observed(Batcher.BatchRunner<P> runner, BatchObserver observer) {
        if (observer == BatchObserver.NONE) {
            return runner;
        }
        return batch -> {
            long started = System.nanoTime();
            try {
                runner.run(batch);
            } finally {
                observer.batchRan(batch.size(), System.nanoTime() - started);
            }
        };
    }

    private static Object invoke(Object target, Method method, List<?> inputs) throws Throwable {
        try {
            return method.invoke(target, inputs);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
