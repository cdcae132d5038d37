package dev.trellis.serve.internal.multiplex;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The model caches of the live deployment instances in this JVM whose class has a
 * {@code @Multiplexed} loader, keyed by the instance's identity (never its
 * {@code equals}/{@code hashCode}, which user classes may define). A replica registers its
 * instance once it is constructed and closes the cache when it stops; local execution does the
 * same for its instances. {@code Multiplexing.model(this, ...)} finds the cache here. Thread-safe.
 */
public final class MultiplexedModels {
    /** A registered instance's loader and cache. */
    public record Registered(MultiplexedLoader loader, ModelCache cache) {
    }

    private static final Map<Identity, Registered> LIVE = new ConcurrentHashMap<>();

    private MultiplexedModels() {
    }

    /**
     * Makes the model cache of a new instance, if its class has a {@code @Multiplexed} loader.
     *
     * @param loads    runs model loads (one task per load)
     * @param listener hears every change of the instance's loaded model ids
     * @return the registration, or null when the class has no loader
     * @throws IllegalArgumentException if the class's loader breaks the rules
     */
    public static Registered register(Object instance, Executor loads, ModelCache.Listener listener) {
        var loader = MultiplexedLoader.of(instance.getClass()).orElse(null);
        if (loader == null) {
            return null;
        }
        var registered = new Registered(loader,
                new ModelCache(loader.display(), loader.maxNumModelsPerReplica(), loads, listener));
        LIVE.put(new Identity(instance), registered);
        return registered;
    }

    /** The registration of {@code instance}, or null if it has none (no loader, not running, or stopped). */
    public static Registered of(Object instance) {
        return LIVE.get(new Identity(instance));
    }

    /** Forgets {@code instance} and closes its models. Idempotent; runs model {@code close()}s on this thread. */
    public static void closeAndForget(Object instance) {
        if (instance == null) {
            return;
        }
        Registered registered = LIVE.remove(new Identity(instance));
        if (registered != null) {
            registered.cache().close();
        }
    }

    /** Identity of an object as a map key. */
    private record Identity(Object instance) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity i && i.instance == instance;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(instance);
        }
    }
}
