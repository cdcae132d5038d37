package dev.trellis.serve.internal.handle;

import dev.trellis.serve.DeploymentStream;
import dev.trellis.serve.RequestCancelledException;
import dev.trellis.serve.RequestTimeoutException;
import dev.trellis.serve.ServeException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link DeploymentStream} over a {@link CallPublisher}: items are buffered as they arrive and
 * credit is granted in batches of {@link #BATCH} as the reader consumes them, so at most about
 * two batches wait here. Single reader.
 */
final class BlockingDeploymentStream<T> implements DeploymentStream<T>, Flow.Subscriber<Object> {
    static final int BATCH = 16;
    private static final Object END = new Object();

    private record Failure(Throwable error) {
    }

    private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final String description;
    private volatile Flow.Subscription subscription;
    private Object next;
    private boolean done;
    private int consumedSinceGrant;

    BlockingDeploymentStream(String description) {
        this.description = description;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(2L * BATCH);
    }

    @Override
    public void onNext(Object item) {
        arrived.add(item == null ? NullItem.INSTANCE : item);
    }

    @Override
    public void onError(Throwable error) {
        arrived.add(new Failure(error));
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    private enum NullItem { INSTANCE }

    @Override
    public boolean hasNext() {
        return hasNext(null);
    }

    @Override
    public boolean hasNext(Duration timeout) {
        while (next == null && !done) {
            Object item;
            try {
                item = timeout == null ? arrived.take() : arrived.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new RequestCancelledException("interrupted while waiting for " + description);
            }
            if (item == null) {
                throw new RequestTimeoutException("no item from " + description + " within " + timeout);
            }
            if (item == END) {
                done = true;
            } else if (item instanceof Failure f) {
                done = true;
                throw f.error() instanceof RuntimeException r ? r : new ServeException(f.error().toString(), f.error());
            } else {
                next = item;
            }
        }
        return next != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException(description + " has no more items");
        }
        Object item = next;
        next = null;
        if (++consumedSinceGrant == BATCH) {
            consumedSinceGrant = 0;
            subscription.request(BATCH);
        }
        return item == NullItem.INSTANCE ? null : (T) item;
    }

    @Override
    public void cancel() {
        done = true;
        var s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
