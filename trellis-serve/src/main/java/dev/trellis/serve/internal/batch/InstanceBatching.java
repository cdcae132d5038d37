package dev.trellis.serve.internal.batch;

import java.lang.reflect.Method;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The batchers of one deployment instance (one replica, or one instance of a local graph run),
 * one per {@code @Batch} method, made on the method's first call with the options held for this
 * instance in the {@link BatchRegistry}. {@link #close()} fails items still queued and forgets the
 * instance's options. Thread-safe.
 */
public final class InstanceBatching {
    private final Object target;
    private final String owner;
    private final InstantSource clock;
    private final BatchScheduler scheduler;
    private final Function<String, BatchObserver> observers;
    private final Map<Method, BatchedMethod> methods = new ConcurrentHashMap<>();

    /**
     * Production wiring: waits measured on the {@link MonotonicClock}, timeouts on
     * {@link BatchTimers#shared()}, batches on virtual threads.
     *
     * @param owner names the instance in thread names, such as {@code app#Model}
     */
    public InstanceBatching(Object target, String owner) {
        this(target, owner, method -> BatchObserver.NONE);
    }

    /** Production wiring whose batches are reported to {@code observers.apply(method name)} (a replica's metrics). */
    public InstanceBatching(Object target, String owner, Function<String, BatchObserver> observers) {
        this(target, owner, MonotonicClock.INSTANCE, BatchTimers.shared(), observers);
    }

    public InstanceBatching(Object target, String owner, InstantSource clock, BatchScheduler scheduler) {
        this(target, owner, clock, scheduler, method -> BatchObserver.NONE);
    }

    public InstanceBatching(Object target, String owner, InstantSource clock, BatchScheduler scheduler,
                            Function<String, BatchObserver> observers) {
        this.target = target;
        this.owner = owner;
        this.clock = clock;
        this.scheduler = scheduler;
        this.observers = observers;
    }

    /** The batched form of {@code method}, or null if it is not a {@code @Batch} method. */
    public BatchedMethod find(Method method) {
        BatchedMethod existing = methods.get(method);
        if (existing != null) {
            return existing;
        }
        BatchShape shape = BatchMethods.shape(method);
        if (shape == null) {
            return null;
        }
        return methods.computeIfAbsent(shape.method(), m -> new BatchedMethod(target, shape,
                BatchRegistry.settings(target, shape), owner + "-" + shape.name() + "-batch", clock, scheduler,
                observers.apply(shape.name())));
    }

    /** Fails the items still queued (none, once a replica has drained) and forgets this instance's options. */
    public void close() {
        var closed = new IllegalStateException("the deployment instance " + owner + " was closed");
        methods.values().forEach(m -> m.close(closed));
        BatchRegistry.drop(target);
    }
}
