package dev.trellis.serve.internal.batch;

import dev.trellis.serve.BatchControl;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The batching options of every live deployment instance, per {@code @Batch} method: what
 * {@link dev.trellis.serve.Batching#of} returns and what the instance's batchers read. Keyed by
 * the instance's identity (never its {@code equals}), so two equal instances have options of
 * their own. Entries are made on first use, from whichever comes first, the user's
 * {@code Batching.of} (possibly in the constructor) or the replica's first batched call; they
 * are dropped when the replica closes the instance ({@link #drop}), and, for an instance nobody
 * closed, when it is garbage collected (the keys are weak). Thread-safe.
 */
public final class BatchRegistry {
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();
    private static final Map<InstanceKey, Map<Method, LiveBatchSettings>> BY_INSTANCE = new ConcurrentHashMap<>();

    private BatchRegistry() {
    }

    /**
     * The options of {@code method} on {@code deployment}, for user code.
     *
     * @throws IllegalArgumentException if {@code method} is no {@code @Batch} method of {@code deployment}'s class
     */
    public static BatchControl control(Object deployment, Method method) {
        Objects.requireNonNull(deployment, "deployment");
        BatchShape shape = BatchMethods.shape(method);
        if (shape == null) {
            throw new IllegalArgumentException(BatchMethods.name(method) + " is not annotated @Batch, so it has no"
                    + " batching options");
        }
        if (!method.getDeclaringClass().isInstance(deployment)) {
            throw new IllegalArgumentException(BatchMethods.name(method) + " is not a method of "
                    + deployment.getClass().getName());
        }
        return settings(deployment, shape);
    }

    /** The options of the batch method {@code shape} on {@code instance}, made from its annotation on first use. */
    public static LiveBatchSettings settings(Object instance, BatchShape shape) {
        expungeCollected();
        return BY_INSTANCE.computeIfAbsent(new InstanceKey(instance, COLLECTED), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(shape.method(), m -> new LiveBatchSettings(shape.name(), shape.defaults()));
    }

    /** Forgets every option of {@code instance}. */
    public static void drop(Object instance) {
        BY_INSTANCE.remove(new InstanceKey(instance, null));
    }

    /** Whether options of {@code instance} are held (for tests). */
    static boolean holds(Object instance) {
        return BY_INSTANCE.containsKey(new InstanceKey(instance, null));
    }

    private static void expungeCollected() {
        Reference<?> gone;
        while ((gone = COLLECTED.poll()) != null) {
            BY_INSTANCE.remove(gone);
        }
    }

    /** A weak reference compared by the identity of its referent; a cleared one equals only itself. */
    private static final class InstanceKey extends WeakReference<Object> {
        private final int hash;

        InstanceKey(Object instance, ReferenceQueue<Object> queue) {
            super(instance, queue);
            this.hash = System.identityHashCode(instance);
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof InstanceKey other)) {
                return false;
            }
            Object referent = get();
            return referent != null && referent == other.get();
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
