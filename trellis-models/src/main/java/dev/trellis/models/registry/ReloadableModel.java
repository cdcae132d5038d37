package dev.trellis.models.registry;

import dev.trellis.models.Model;
import dev.trellis.models.ModelSignature;
import dev.trellis.models.Prediction;
import dev.trellis.models.internal.registry.ModelLease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model a deployment serves by URI and swaps for another without dropping requests: the
 * Java form of seed 002's "load the model from the registry in {@code __init__}", plus reloading
 * when {@code user_config}'s {@code model_uri} changes or the alias it names moves.
 *
 * <pre>{@code
 * public final class Iris implements Reconfigurable<Iris.Config>, AutoCloseable {
 *     public record Config(@JsonProperty("model_uri") String modelUri) { }
 *
 *     private final ReloadableModel model = ReloadableModel.builder(ModelRegistry.openDefault()).build();
 *
 *     @Override public void reconfigure(Config config) { model.reload(config.modelUri()); }
 *     public Prediction predict(float[] row) { return model.predict(row); }
 *     @Override public void close() { model.close(); }
 * }
 * }</pre>
 *
 * <p><b>Reloading.</b> {@link #reload} resolves the URI, and unless it names the model already
 * served, loads the new one <em>first</em>, then swaps it in atomically. Calls that started on the
 * old model finish on it; the old model is closed once the last of them returns (reference
 * counted, see {@code ModelLease}). Calls never wait for a reload and never fail because of one;
 * if the new model fails to load, {@code reload} throws and the old one stays in service.
 * Reloads (and watch checks) run one at a time.
 *
 * <p><b>Following an alias.</b> Moving an alias ({@code trellis models alias iris champion 3})
 * changes no {@code user_config}, so nothing calls {@code reconfigure}. With
 * {@link Builder#watchEvery} the model re-resolves its URI every interval and reloads when it
 * names another version ({@link #checkForUpdate()}); off by default. A failed check is logged
 * (once per distinct problem) and the current model stays.
 *
 * <p>All methods are thread-safe. {@link #predict} on a model not loaded yet, or closed, throws
 * {@link IllegalStateException}.
 */
public final class ReloadableModel implements Model {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadableModel.class);

    private final ModelRegistry registry;
    private final Duration watchInterval;
    private final WatchScheduler scheduler;
    /** The model in service; null before the first load and after close. */
    private final AtomicReference<ModelLease<LocatedModel>> current = new AtomicReference<>();
    /** Reloads, watch checks and close run one at a time; calls never take it. */
    private final ReentrantLock reloadLock = new ReentrantLock();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile ModelUri uri;
    private volatile boolean closed;
    private WatchScheduler.Cancellable watch; // guarded by reloadLock
    private volatile String lastWatchProblem; // written by one watch check at a time

    private ReloadableModel(Builder b) {
        this.registry = b.registry;
        this.watchInterval = b.watchInterval;
        this.scheduler = b.scheduler;
    }

    /** Loads {@code uri} from {@code registry} now, with no watcher. */
    public static ReloadableModel load(ModelRegistry registry, String uri) {
        return load(registry, ModelUri.parse(uri));
    }

    /** Loads {@code uri} from {@code registry} now, with no watcher. */
    public static ReloadableModel load(ModelRegistry registry, ModelUri uri) {
        return builder(registry).load(uri);
    }

    /** Options: the alias watcher's interval and scheduler. */
    public static Builder builder(ModelRegistry registry) {
        return new Builder(registry);
    }

    // ---------------------------------------------------------------- reload

    /** Serves the model {@code uri} names now; see {@link #reload(ModelUri)}. */
    public boolean reload(String uri) {
        return reload(ModelUri.parse(uri));
    }

    /**
     * Serves the model {@code uri} names now: loads it and swaps it in, unless it is the model
     * already served (same registered version, or same file unchanged), in which case only the
     * URI followed from now on changes. Blocks while the model loads; calls meanwhile run on the
     * old model.
     *
     * @return whether another model was loaded
     * @throws dev.trellis.models.ModelLoadException if it cannot be resolved or loaded (the old model stays)
     * @throws IllegalStateException                 if this model was closed
     */
    public boolean reload(ModelUri uri) {
        Objects.requireNonNull(uri, "uri");
        reloadLock.lock();
        try {
            requireOpen();
            LocatedModel target = registry.locate(uri);
            ModelLease<LocatedModel> old = current.get();
            if (old != null && old.info().identity().equals(target.identity())) {
                this.uri = uri;
                return false;
            }
            Model model = registry.load(target);
            current.set(new ModelLease<>(model, target, target.describe()));
            this.uri = uri;
            startWatch();
            if (old != null) {
                LOG.info("now serving {} (was {})", target.describe(), old.info().describe());
                old.release(); // closes it once the calls running on it have returned
            } else {
                LOG.info("serving {}", target.describe());
            }
            return true;
        } finally {
            reloadLock.unlock();
        }
    }

    /**
     * Re-resolves the URI served and reloads if it names another model now (an alias moved, a
     * version was registered for {@code latest}, a file changed). This is what the watcher runs
     * every interval; call it yourself to check at a moment of your choosing.
     *
     * @return whether another model was loaded
     */
    public boolean checkForUpdate() {
        reloadLock.lock();
        try {
            return !closed && uri != null && reload(uri);
        } finally {
            reloadLock.unlock();
        }
    }

    private void startWatch() {
        if (watchInterval != null && watch == null) {
            watch = scheduler.every(watchInterval, this::watchCheck);
        }
    }

    /** One watcher run: skipped if the previous one still runs; failures are logged, not thrown. */
    private void watchCheck() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        try {
            checkForUpdate();
            lastWatchProblem = null;
        } catch (RuntimeException e) {
            String problem = e.getMessage();
            if (!Objects.equals(problem, lastWatchProblem)) {
                LOG.warn("checking {} for a new version failed; still serving {}: {}", uri, describeCurrent(), problem);
                lastWatchProblem = problem;
            }
        } finally {
            checking.set(false);
        }
    }

    // ---------------------------------------------------------------- what is served

    /** The URI this model follows (the last one given to {@link #reload}), if loaded. */
    public Optional<ModelUri> uri() {
        return Optional.ofNullable(uri);
    }

    /** The registered version served now; empty for runs' artifacts and plain files, or if not loaded. */
    public Optional<RegisteredModelVersion> version() {
        ModelLease<LocatedModel> lease = current.get();
        return lease == null ? Optional.empty() : Optional.ofNullable(lease.info().version());
    }

    /** The model file served now. */
    public Path artifact() {
        return withLease(lease -> lease.info().artifact());
    }

    // ---------------------------------------------------------------- Model

    @Override
    public String flavor() {
        return withModel(Model::flavor);
    }

    @Override
    public ModelSignature signature() {
        return withModel(Model::signature);
    }

    @Override
    public List<Prediction> predict(float[][] rows) {
        ModelLease<LocatedModel> lease = acquire();
        try {
            return lease.model().predict(rows);
        } finally {
            lease.release();
        }
    }

    @Override
    public Prediction predict(float[] row) {
        ModelLease<LocatedModel> lease = acquire();
        try {
            return lease.model().predict(row);
        } finally {
            lease.release();
        }
    }

    /**
     * Runs {@code action} on the model served now, which stays open (and in use) until it returns,
     * even if a reload swaps it out meanwhile: for several calls that must see the same version.
     * The model must not be kept after {@code action} returns.
     */
    public <R> R withModel(Function<Model, R> action) {
        ModelLease<LocatedModel> lease = acquire();
        try {
            return action.apply(lease.model());
        } finally {
            lease.release();
        }
    }

    /** Stops the watcher and closes the model once the calls running on it have returned. Idempotent. */
    @Override
    public void close() {
        reloadLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (watch != null) {
                watch.cancel();
                watch = null;
            }
            ModelLease<LocatedModel> old = current.getAndSet(null);
            if (old != null) {
                old.release();
            }
        } finally {
            reloadLock.unlock();
        }
    }

    /**
     * A reference to the model in service. If the lease read was swapped out and closed in
     * between, {@code retain} fails and the next read finds its successor: a lease is only
     * closed after it has been replaced (or after {@link #close()}, which clears it).
     */
    private ModelLease<LocatedModel> acquire() {
        while (true) {
            ModelLease<LocatedModel> lease = current.get();
            if (lease == null) {
                throw new IllegalStateException(closed ? "the model " + uri + " is closed"
                        : "no model loaded yet: call reload(uri) first (a deployment does it in reconfigure)");
            }
            if (lease.retain()) {
                return lease;
            }
            Thread.onSpinWait();
        }
    }

    private <R> R withLease(Function<ModelLease<LocatedModel>, R> f) {
        ModelLease<LocatedModel> lease = acquire();
        try {
            return f.apply(lease);
        } finally {
            lease.release();
        }
    }

    private String describeCurrent() {
        ModelLease<LocatedModel> lease = current.get();
        return lease == null ? "nothing" : lease.info().describe();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the model " + (uri == null ? "" : uri + " ") + "is closed");
        }
    }

    @Override
    public String toString() {
        return "ReloadableModel[" + describeCurrent() + (watchInterval == null ? "" : ", watched every " + watchInterval) + "]";
    }

    /** Builds a {@link ReloadableModel}. */
    public static final class Builder {
        private final ModelRegistry registry;
        private Duration watchInterval;
        private WatchScheduler scheduler = WatchScheduler.shared();

        private Builder(ModelRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Re-resolves the URI every {@code interval} and reloads when it names another model (an
         * alias moved). Off unless set. Every check reads a few small files; seconds are typical.
         */
        public Builder watchEvery(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("watch interval must be > 0, was " + interval);
            }
            this.watchInterval = interval;
            return this;
        }

        /** What wakes the watcher; default {@link WatchScheduler#shared()}. Tests pass one they tick by hand. */
        public Builder scheduler(WatchScheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** A model with nothing loaded yet: the first {@link ReloadableModel#reload} loads one. */
        public ReloadableModel build() {
            return new ReloadableModel(this);
        }

        /** A model serving {@code uri}, loaded now. */
        public ReloadableModel load(String uri) {
            return load(ModelUri.parse(uri));
        }

        /** A model serving {@code uri}, loaded now. */
        public ReloadableModel load(ModelUri uri) {
            ReloadableModel model = build();
            model.reload(uri);
            return model;
        }
    }
}
