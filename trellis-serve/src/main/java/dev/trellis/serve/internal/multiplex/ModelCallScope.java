package dev.trellis.serve.internal.multiplex;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What one call on a replica knows about multiplexing, bound to the call's thread with a
 * {@link ScopedValue} for the length of the call: the caller's model id (or none), and the
 * models the call took from a {@link ModelCache}, which stay open until the call ends even if
 * they are evicted meanwhile. Threads the user code starts itself do not see the scope
 * ({@code StructuredTaskScope} forks do, as scoped values are inherited there).
 *
 * <p>Nested handle calls made inside the call do not carry the id on (as in Ray): a handle sends
 * only the id of its own options.
 */
public final class ModelCallScope implements ModelCache.Leases {
    private static final ScopedValue<ModelCallScope> CURRENT = ScopedValue.newInstance();

    private final String modelId;
    /** Releases of the models this call holds; guarded by {@code this} (forks may add concurrently). */
    private List<Runnable> releases;

    private ModelCallScope(String modelId) {
        this.modelId = modelId;
    }

    /** {@code body} run with a scope for {@code modelId} (null: none); leases are released when it ends. */
    public static Runnable wrap(String modelId, Runnable body) {
        return () -> {
            var scope = new ModelCallScope(modelId);
            ScopedValue.where(CURRENT, scope).run(() -> {
                try {
                    body.run();
                } finally {
                    scope.end();
                }
            });
        };
    }

    /** Calls {@code body} with a scope for {@code modelId}; leases are released when it returns. */
    public static <V> V call(String modelId, Callable<V> body) throws Exception {
        var scope = new ModelCallScope(modelId);
        return ScopedValue.where(CURRENT, scope).call(() -> {
            try {
                return body.call();
            } finally {
                scope.end();
            }
        });
    }

    /** The scope of the call running on this thread, or null outside any call. */
    public static ModelCallScope current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** The caller's model id, or null when the call has none. */
    public String modelId() {
        return modelId;
    }

    @Override
    public synchronized void add(Runnable release) {
        if (releases == null) {
            releases = new ArrayList<>(2);
        }
        releases.add(release);
    }

    private void end() {
        List<Runnable> held;
        synchronized (this) {
            held = releases;
            releases = null;
        }
        if (held != null) {
            held.forEach(Runnable::run);
        }
    }
}
