package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Multiplexed;
import dev.trellis.serve.Multiplexing;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Model multiplexing benchmark, in-process: {@value #CALLERS} virtual-thread callers call a
 * deployment of {@value #REPLICAS} replicas, each caching {@value #MODELS_PER_REPLICA} models
 * whose load costs {@value #LOAD_MILLIS} ms, with model ids drawn uniformly from a set. Two
 * ways of naming the model are measured back to back on fresh deployments:
 * <ul>
 *   <li><b>as a call argument</b> (the baseline): calls are routed without regard to models, so
 *   every replica sees every model;</li>
 *   <li><b>as the multiplexed model id</b> ({@code handle.options(o -> o.multiplexedModelId(id))}):
 *   calls go to replicas holding their model.</li>
 * </ul>
 * With one model this shows what routing by model costs; with more models than one replica
 * holds it shows what it saves ({@link #MODEL_COUNTS}). Every figure is reported with the load count, and as
 * a ratio to its baseline. Run by {@code trellis-bench/run multiplex [--quick]} in a JVM of its
 * own ({@link MultiplexScenario}), which reads the {@link #RESULT} line.
 */
public final class MultiplexBenchmark {
    static final String RESULT = "RESULT ";
    static final int CALLERS = 32;
    static final int REPLICAS = 3;
    static final int MODELS_PER_REPLICA = 3;
    static final int LOAD_MILLIS = 5;
    static final int MAX_ONGOING_REQUESTS = 16;

    /**
     * One model; six, fewer than the replicas hold together (9), the way a deployment is
     * sized; and nine, exactly as many.
     */
    static final List<Integer> MODEL_COUNTS = List.of(1, 6, REPLICAS * MODELS_PER_REPLICA);

    static final AtomicLong LOADS = new AtomicLong();

    /** A stand-in model: its load takes {@value #LOAD_MILLIS} ms, as reading weights would. */
    public record Model(String id) {
    }

    public static final class ModelServer {
        @Multiplexed(maxNumModelsPerReplica = MODELS_PER_REPLICA)
        public Model load(String modelId) throws InterruptedException {
            LOADS.incrementAndGet();
            Thread.sleep(LOAD_MILLIS);
            return new Model(modelId);
        }

        /** The model named by the call's multiplexed model id. */
        public int predict(int x) {
            return Multiplexing.model(this, ModelServer::load).id().length() + x;
        }

        /** The model named by an argument: the router does not see it. */
        public int predictWith(String modelId, int x) {
            return Multiplexing.model(this, ModelServer::load, modelId).id().length() + x;
        }
    }

    record Result(String target, int models, boolean routedByModel, double callsPerSecond, double p50Micros,
                  double p99Micros, long loads, long calls) {
    }

    private interface Call {
        int call(String modelId, int x);
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Duration warmUp = Duration.ofSeconds(2);
        Duration phase = quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10);
        List<Result> results = new ArrayList<>();
        Serve.start(ServeOptions.builder().http(HttpOptions.builder().enabled(false).build()).build());
        try {
            // JIT and thread pools warm for both paths before any row, so row order does not matter.
            DeploymentHandle<ModelServer> warm = deploy("mux-warm-up");
            run(call(warm, false), ids(REPLICAS), warmUp.multipliedBy(2), null);
            run(call(warm, true), ids(REPLICAS), warmUp.multipliedBy(2), null);
            Serve.delete("mux-warm-up");
            int app = 0;
            for (int models : MODEL_COUNTS) {
                List<String> ids = ids(models);
                for (boolean routed : List.of(false, true)) {
                    String name = "mux-" + (++app);
                    Call call = call(deploy(name), routed);
                    String target = (routed ? "model id as multiplexed_model_id" : "model id as an argument")
                            + ", " + models + (models == 1 ? " model" : " models");
                    run(call, ids, warmUp, null);
                    LOADS.set(0);
                    var recorder = new Recorder();
                    run(call, ids, phase, recorder);
                    results.add(new Result(target, models, routed, recorder.calls / (phase.toNanos() / 1e9),
                            recorder.latencies.percentileMicros(50), recorder.latencies.percentileMicros(99),
                            LOADS.get(), recorder.calls));
                    System.err.printf(Locale.ROOT, "%s: %.0f calls/s, %d loads%n", target,
                            results.getLast().callsPerSecond(), results.getLast().loads());
                    Serve.delete(name);
                }
            }
        } finally {
            Serve.shutdown();
        }
        report(results, phase);
    }

    private static DeploymentHandle<ModelServer> deploy(String name) {
        return Serve.run(Serve.deployment(ModelServer.class)
                .options(o -> o.numReplicas(REPLICAS).maxOngoingRequests(MAX_ONGOING_REQUESTS)).bind(), name, null);
    }

    private static Call call(DeploymentHandle<ModelServer> handle, boolean routed) {
        return routed
                ? (id, x) -> handle.options(o -> o.multiplexedModelId(id)).remote(ModelServer::predict, x).result()
                : (id, x) -> handle.remote(ModelServer::predictWith, id, x).result();
    }

    private static List<String> ids(int models) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < models; i++) {
            ids.add("model-" + i);
        }
        return ids;
    }

    /** Every caller's latencies, merged after the phase. */
    private static final class Recorder {
        final LatencyRecorder latencies = new LatencyRecorder(1 << 20);
        long calls;

        synchronized void add(LatencyRecorder mine, long n) {
            latencies.addAll(mine);
            calls += n;
        }
    }

    private static void run(Call call, List<String> ids, Duration phase, Recorder into) throws Exception {
        var stop = new AtomicBoolean();
        var start = new CountDownLatch(1);
        List<Future<?>> callers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CALLERS; c++) {
                long seed = c;
                callers.add(pool.submit(() -> {
                    var random = new SplittableRandom(seed);
                    var mine = new LatencyRecorder(1 << 14);
                    start.await();
                    long n = 0;
                    while (!stop.get()) {
                        String id = ids.get(random.nextInt(ids.size()));
                        long t0 = System.nanoTime();
                        int y = call.call(id, (int) n);
                        mine.record(System.nanoTime() - t0);
                        if (y != id.length() + (int) n) {
                            throw new IllegalStateException("model " + id + " answered " + y + " for " + n);
                        }
                        n++;
                    }
                    if (into != null) {
                        into.add(mine, n);
                    }
                    return null;
                }));
            }
            start.countDown();
            Thread.sleep(phase);
            stop.set(true);
            for (Future<?> f : callers) {
                f.get();
            }
        }
    }

    private static void report(List<Result> results, Duration phase) {
        var json = JsonNodeFactory.instance.objectNode();
        json.put("callers", CALLERS);
        json.put("replicas", REPLICAS);
        json.put("max_num_models_per_replica", MODELS_PER_REPLICA);
        json.put("max_ongoing_requests", MAX_ONGOING_REQUESTS);
        json.put("load_ms", LOAD_MILLIS);
        json.put("phase_s", phase.toSeconds());
        var rows = json.putArray("results");
        for (Result r : results) {
            rows.addObject().put("target", r.target()).put("models", r.models()).put("routed_by_model", r.routedByModel())
                    .put("calls_per_second", r.callsPerSecond()).put("p50_us", r.p50Micros())
                    .put("p99_us", r.p99Micros()).put("loads", r.loads()).put("calls", r.calls());
        }
        System.out.println(RESULT + json);
    }
}
