package dev.trellis.serve.internal.multiplex;

import dev.trellis.serve.InvalidInputException;
import dev.trellis.serve.MultiplexedModelLoadException;
import dev.trellis.serve.RequestCancelledException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multiplexed models of one replica: a least-recently-used cache of at most
 * {@code max_num_models_per_replica} models, filled by the deployment's
 * {@code @Multiplexed} loader. Guarantees:
 * <ul>
 *   <li><b>One load per model id at a time.</b> The first call for an id starts its load (on a
 *   thread of {@code loads}, so cancelling that call does not abort the load for the others);
 *   calls for the same id meanwhile wait for the same load.</li>
 *   <li><b>Failures are not cached.</b> A failed load is forgotten and every call that waited
 *   for it fails with {@link MultiplexedModelLoadException} naming the id and the loader (an
 *   {@link InvalidInputException} when the loader threw one); the next call loads again.</li>
 *   <li><b>Eviction before loading.</b> A new id that would take the cache over capacity first
 *   evicts the least recently used models that are loaded (never one still loading), so their
 *   memory is free before the new load starts, as in Ray. (Only when more loads run at once
 *   than the cache holds can it briefly hold more; it shrinks back as they finish.) Every call that gets a model
 *   refreshes its recency.</li>
 *   <li><b>Close once, after use.</b> An evicted model is closed if it is {@link AutoCloseable},
 *   exactly once, as soon as no running call holds a lease on it (see {@link Leases}): a call
 *   never sees its model closed under it. Close failures are logged and counted, never thrown
 *   at a caller.</li>
 *   <li><b>{@link #close()}</b> (the replica stops) closes every model; a load still running
 *   then closes its model when it finishes and fails its waiters.</li>
 *   <li>Every change of the set of loaded ids is reported to the {@link Listener} with an
 *   increasing version, so that reports arriving out of order can be put back in order. A
 *   load's report is made before its callers get the model.</li>
 * </ul>
 * Thread-safe: state is guarded by one lock; loads, closes and the listener run outside it.
 */
public final class ModelCache {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);

    /** Hears every change of the set of loaded model ids (called outside the cache's lock). */
    @FunctionalInterface
    public interface Listener {
        void modelIdsChanged(long version, Set<String> modelIds);
    }

    /** Where a call records the models it uses, to release them when it ends. */
    @FunctionalInterface
    public interface Leases {
        void add(Runnable release);
    }

    /**
     * Counters since the cache was made, for metrics.
     *
     * @param loads         models loaded successfully
     * @param loadFailures  loads that threw
     * @param hits          calls served by a model already loaded or loading
     * @param evictions     models evicted to make room
     * @param closeFailures {@code close()} calls on models that threw
     * @param size          models held now (loaded or loading)
     */
    public record Stats(long loads, long loadFailures, long hits, long evictions, long closeFailures, int size) {
    }

    private static final class Entry {
        final String modelId;
        final CompletableFuture<Object> model = new CompletableFuture<>();
        // guarded by the cache's lock
        Object value;
        boolean loaded;
        boolean evicted;
        boolean closing;
        int leases;

        Entry(String modelId) {
            this.modelId = modelId;
        }
    }

    private final String loaderName;
    private final int capacity;
    private final Executor loads;
    private final Listener listener;
    private final Object lock = new Object();
    /** In access order: least recently used first. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;
    private long version;
    private long loadCount;
    private long loadFailures;
    private long hits;
    private long evictions;
    private long closeFailures;
    /** Hears the duration of every successful load, in nanoseconds (metrics); set once, before loads start. */
    private volatile java.util.function.LongConsumer loadTimes = nanos -> { };

    /**
     * @param loaderName shown in failures, e.g. "Classifier.load"
     * @param capacity   {@code max_num_models_per_replica}, >= 1
     * @param loads      runs each load (one task per load)
     * @param listener   hears changes of the loaded ids
     */
    public ModelCache(String loaderName, int capacity, Executor loads, Listener listener) {
        if (capacity < 1) {
            throw new IllegalArgumentException("max_num_models_per_replica must be >= 1, was " + capacity);
        }
        this.loaderName = loaderName;
        this.capacity = capacity;
        this.loads = loads;
        this.listener = listener;
    }

    /**
     * The model {@code modelId}, loading it with {@code loader} unless it is loaded or loading.
     * Blocks the calling (virtual) thread while the model loads.
     *
     * @param leases where the calling request records its use of the model, released when it
     *     ends; null when the caller is not inside a request (the model may then be closed as
     *     soon as it is evicted)
     * @throws MultiplexedModelLoadException or {@link InvalidInputException} if the load failed
     * @throws RequestCancelledException if the thread was interrupted while waiting
     * @throws IllegalStateException if the cache was closed (the replica is stopping)
     */
    public Object get(String modelId, Callable<?> loader, Leases leases) {
        Entry entry;
        boolean startLoad = false;
        List<Entry> toClose = List.of();
        Set<String> changed = null;
        long changedVersion = 0;
        synchronized (lock) {
            if (closed) {
                throw stopped(modelId);
            }
            entry = entries.get(modelId);
            if (entry == null) {
                entry = new Entry(modelId);
                entries.put(modelId, entry);
                startLoad = true;
                toClose = new ArrayList<>();
                if (evictOverCapacity(toClose, entry)) {
                    changed = loadedIds();
                    changedVersion = ++version;
                }
            } else {
                hits++;
            }
            if (leases != null) {
                entry.leases++;
            }
        }
        if (leases != null) {
            Entry held = entry;
            leases.add(() -> release(held));
        }
        closeAll(toClose);
        publish(changedVersion, changed);
        if (startLoad) {
            startLoad(entry, loader);
        }
        return await(entry);
    }

    /** Closes every model (those in use once their calls end); later {@link #get} calls fail. Idempotent. */
    public void close() {
        List<Entry> toClose = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (Entry e : entries.values()) {
                e.evicted = true;
                if (e.loaded && e.leases == 0) {
                    e.closing = true;
                    toClose.add(e);
                }
            }
            entries.clear();
        }
        closeAll(toClose);
    }

    /** Ids of the loaded models (not those loading), least recently used first. */
    public List<String> modelIds() {
        synchronized (lock) {
            List<String> ids = new ArrayList<>(entries.size());
            for (Entry e : entries.values()) {
                if (e.loaded) {
                    ids.add(e.modelId);
                }
            }
            return ids;
        }
    }

    public Stats stats() {
        synchronized (lock) {
            return new Stats(loadCount, loadFailures, hits, evictions, closeFailures, entries.size());
        }
    }

    /** Reports the duration of every later successful load to {@code nanos} (called on the loading thread). */
    public void observeLoads(java.util.function.LongConsumer nanos) {
        loadTimes = java.util.Objects.requireNonNull(nanos, "nanos");
    }

    public int capacity() {
        return capacity;
    }

    private void startLoad(Entry entry, Callable<?> loader) {
        try {
            loads.execute(() -> load(entry, loader));
        } catch (RejectedExecutionException e) {
            loadFailed(entry, e);
        }
    }

    private void load(Entry entry, Callable<?> loader) {
        Object model;
        long started = System.nanoTime();
        try {
            model = loader.call();
            if (model == null) {
                throw new IllegalStateException(loaderName + " returned null");
            }
        } catch (Throwable t) {
            loadFailed(entry, t);
            return;
        }
        loadTimes.accept(System.nanoTime() - started);
        boolean stopped;
        List<Entry> toClose = new ArrayList<>();
        Set<String> changed = null;
        long changedVersion = 0;
        synchronized (lock) {
            loadCount++;
            entry.value = model;
            entry.loaded = true;
            stopped = closed;
            if (stopped) {
                entry.closing = true;
            } else {
                // Over capacity only when more loads ran at once than the cache holds; the model
                // just loaded stays (its callers are about to use it).
                evictOverCapacity(toClose, entry);
                changed = loadedIds();
                changedVersion = ++version;
            }
        }
        if (stopped) { // closed before its callers hear of it, so that whatever they do next sees it closed
            closeModel(entry.modelId, model);
            entry.model.completeExceptionally(stopped(entry.modelId));
            return;
        }
        // Reported (and any model trimmed closed) before the callers get the model, so that
        // anything a caller does next is ordered after both.
        publish(changedVersion, changed);
        closeAll(toClose);
        entry.model.complete(model);
    }

    private void loadFailed(Entry entry, Throwable failure) {
        synchronized (lock) {
            loadFailures++;
            entries.remove(entry.modelId, entry);
        }
        entry.model.completeExceptionally(failure);
    }

    /**
     * Evicts loaded models other than {@code keep}, least recently used first, until the cache
     * is within capacity or none is left to evict. Adds those no call holds to {@code toClose}.
     * Under the lock.
     *
     * @return whether any model was evicted
     */
    private boolean evictOverCapacity(List<Entry> toClose, Entry keep) {
        boolean any = false;
        for (Iterator<Entry> it = entries.values().iterator(); entries.size() > capacity && it.hasNext(); ) {
            Entry e = it.next();
            if (!e.loaded || e == keep) {
                continue;
            }
            it.remove();
            e.evicted = true;
            evictions++;
            any = true;
            if (e.leases == 0) {
                e.closing = true;
                toClose.add(e);
            }
        }
        return any;
    }

    private void release(Entry entry) {
        boolean close = false;
        synchronized (lock) {
            entry.leases--;
            if (entry.leases == 0 && entry.evicted && entry.loaded && !entry.closing) {
                entry.closing = true;
                close = true;
            }
        }
        if (close) {
            closeAll(List.of(entry));
        }
    }

    private Object await(Entry entry) {
        try {
            return entry.model.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestCancelledException("interrupted while waiting for multiplexed model '" + entry.modelId
                    + "' to load");
        } catch (ExecutionException e) {
            throw loadFailure(entry.modelId, e.getCause());
        }
    }

    /** A fresh exception per waiter (exceptions are not shared between threads). */
    private RuntimeException loadFailure(String modelId, Throwable cause) {
        if (cause instanceof IllegalStateException stopped && stopped.getMessage() != null
                && stopped.getMessage().startsWith(STOPPED)) {
            return stopped(modelId);
        }
        String message = "loading multiplexed model '" + modelId + "' with " + loaderName + " failed: "
                + cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (cause instanceof InvalidInputException) {
            var invalid = new InvalidInputException(message);
            invalid.initCause(cause);
            return invalid;
        }
        return new MultiplexedModelLoadException(modelId, message, cause);
    }

    private static final String STOPPED = "the replica is stopping";

    private IllegalStateException stopped(String modelId) {
        return new IllegalStateException(STOPPED + ": its multiplexed models (" + loaderName
                + ") are closed, so model '" + modelId + "' is not served here");
    }

    /** Under the lock. */
    private Set<String> loadedIds() {
        Set<String> ids = new TreeSet<>();
        for (Entry e : entries.values()) {
            if (e.loaded) {
                ids.add(e.modelId);
            }
        }
        return java.util.Collections.unmodifiableSet(ids);
    }

    private void publish(long changedVersion, Set<String> ids) {
        if (ids == null) {
            return;
        }
        try {
            listener.modelIdsChanged(changedVersion, ids);
        } catch (RuntimeException e) {
            LOG.warn("reporting the multiplexed model ids of {} failed", loaderName, e);
        }
    }

    private void closeAll(List<Entry> evicted) {
        for (Entry e : evicted) {
            closeModel(e.modelId, e.value);
        }
    }

    private void closeModel(String modelId, Object model) {
        if (!(model instanceof AutoCloseable closeable)) {
            return;
        }
        try {
            closeable.close();
        } catch (Throwable t) {
            synchronized (lock) {
                closeFailures++;
            }
            LOG.warn("closing multiplexed model '{}' (loaded by {}) failed", modelId, loaderName, t);
        }
    }
}
