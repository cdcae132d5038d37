package dev.trellis.serve.internal.metrics;

import dev.trellis.serve.internal.batch.BatchObserver;
import dev.trellis.serve.internal.multiplex.ModelCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The meters of one replica, tagged {@code application}, {@code deployment} and {@code replica}:
 * calls processed, failed and their processing latency, calls running and waiting, and the
 * replica's batches and multiplexed models. The timer and error counter are resolved once,
 * here, so recording a call is a timer update (plus a counter add when it failed) and no
 * registry lookup. {@link #close()} (the
 * replica stopped) removes every meter of the replica from the registry.
 * Thread-safe.
 */
public final class ReplicaMetrics implements AutoCloseable {
    public static final String REQUESTS = "trellis.serve.deployment.request.counter";
    public static final String ERRORS = "trellis.serve.deployment.error.counter";
    public static final String PROCESSING_LATENCY = "trellis.serve.deployment.processing.latency";
    public static final String PROCESSING = "trellis.serve.replica.processing.queries";
    public static final String PENDING = "trellis.serve.replica.pending.queries";
    public static final String BATCH_SIZE = "trellis.serve.batch.size";
    public static final String BATCH_EXECUTION = "trellis.serve.batch.execution.time";
    public static final String MODEL_LOADS = "trellis.serve.multiplexed.models.load.counter";
    public static final String MODEL_UNLOADS = "trellis.serve.multiplexed.models.unload.counter";
    public static final String MODEL_LOAD_LATENCY = "trellis.serve.multiplexed.model.load.latency";
    public static final String MODELS = "trellis.serve.num.multiplexed.models";

    private final MeterGroup meters;
    private final Tags tags;
    private final Counter errors;
    private final Timer latency;

    /**
     * @param processing calls running on the replica now (read at scrape time)
     * @param pending    calls that arrived and wait for a free slot (read at scrape time)
     */
    public ReplicaMetrics(ServeMetrics metrics, String application, String deployment, String replica,
                          IntSupplier processing, IntSupplier pending) {
        this.meters = new MeterGroup(metrics.registry());
        this.tags = Tags.of("application", application, "deployment", deployment, "replica", replica);
        var registry = meters.registry();
        this.errors = meters.add(Counter.builder(ERRORS).tags(tags)
                .description("Calls that failed in the replica (user code threw, cancelled, replica died)")
                .register(registry));
        this.latency = meters.add(LatencyBuckets.timer(PROCESSING_LATENCY).tags(tags)
                .description("Time a call ran in the replica, from its start to its reply").register(registry));
        // The timer counts the calls anyway: the counter reads its count rather than paying a second add per call.
        meters.add(FunctionCounter.builder(REQUESTS, latency, Timer::count).tags(tags)
                .description("Calls the replica finished, successful or not").register(registry));
        meters.add(Gauge.builder(PROCESSING, processing::getAsInt).tags(tags)
                .description("Calls running on the replica now").register(registry));
        meters.add(Gauge.builder(PENDING, pending::getAsInt).tags(tags)
                .description("Calls that reached the replica and wait for one of its max_ongoing_requests slots")
                .register(registry));
    }

    /** One call finished after {@code nanos}; {@code failed} when it ended in an error. */
    public void callFinished(long nanos, boolean failed) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        if (failed) {
            errors.increment();
        }
    }

    /** Meters of the batches of the {@code @Batch} method {@code method} (such as {@code Model.predict}). */
    public BatchObserver batches(String method) {
        Tags batchTags = tags.and("method", method);
        DistributionSummary sizes = meters.add(LatencyBuckets.sizes(BATCH_SIZE).tags(batchTags)
                .description("Items per batch the method ran").register(meters.registry()));
        Timer time = meters.add(LatencyBuckets.timer(BATCH_EXECUTION).tags(batchTags)
                .description("Time the method took to run one batch").register(meters.registry()));
        return (size, nanos) -> {
            sizes.record(size);
            time.record(nanos, TimeUnit.NANOSECONDS);
        };
    }

    /** Meters of the replica's multiplexed-model cache: loads, unloads, load latency and models held. */
    public void models(ModelCache cache) {
        var registry = meters.registry();
        Timer loadLatency = meters.add(LatencyBuckets.timer(MODEL_LOAD_LATENCY).tags(tags)
                .description("Time the @Multiplexed loader took to load one model").register(registry));
        cache.observeLoads(nanos -> loadLatency.record(nanos, TimeUnit.NANOSECONDS));
        meters.add(FunctionCounter.builder(MODEL_LOADS, cache, c -> c.stats().loads()).tags(tags)
                .description("Models the replica loaded").register(registry));
        meters.add(FunctionCounter.builder(MODEL_UNLOADS, cache, c -> c.stats().evictions()).tags(tags)
                .description("Models the replica evicted to make room for others").register(registry));
        meters.add(Gauge.builder(MODELS, cache, c -> c.modelIds().size()).strongReference(true).tags(tags)
                .description("Models loaded on the replica now").register(registry));
    }

    /** Removes every meter of the replica. Idempotent. */
    @Override
    public void close() {
        meters.close();
    }
}
