package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.Batch;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code batch} benchmark: a {@link DenseLayer} deployment called by 64 concurrent
 * in-process callers through its handle, once per input without batching
 * ({@code remote(DenseLayer::predict, x)}) and once with {@code @Batch}
 * ({@code remoteBatched(DenseLayer::predictBatch, x)}), on the same replica. First, the model
 * alone (no Trellis, one thread) is timed per input for a batch of 1 and a full batch, to show
 * that batching really makes each input cheaper here, and by how much.
 *
 * <p>Run by {@code trellis-bench/run batch [--quick]} in a JVM of its own ({@link BatchScenario}),
 * which turns the line of figures it prints into the report.
 */
public final class BatchBenchmark {
    static final String RESULT = "RESULT ";
    static final int INPUTS = 4096;
    static final int OUTPUTS = 4096;
    static final int CALLERS = 64;
    static final int MAX_ONGOING_REQUESTS = 64;

    /** A target's figures over all its phases. */
    record Load(String target, long calls, double seconds, double p50Millis, double p99Millis) {
        double callsPerSecond() {
            return calls / seconds;
        }
    }

    /** Latencies and time of one target, summed over its phases. */
    private static final class Totals {
        final LatencyRecorder latencies = new LatencyRecorder(1 << 16);
        long nanos;

        Load load(String target) {
            return new Load(target, latencies.count(), nanos / 1e9, latencies.percentileMicros(50) / 1e3,
                    latencies.percentileMicros(99) / 1e3);
        }
    }

    /** Calls the deployment once with input {@code x}. */
    @FunctionalInterface
    interface Call {
        float[] apply(float[] x);
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Duration warmUp = quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10);
        Duration phase = Duration.ofSeconds(5);
        int rounds = quick ? 1 : 3;
        Batch batch = DenseLayer.class.getMethod("predictBatch", List.class).getAnnotation(Batch.class);

        float[][] inputs = randomInputs(CALLERS, 7);
        var model = new DenseLayer(INPUTS, OUTPUTS, 42);
        double[] kernel = kernelMicrosPerInput(model, inputs, batch.maxBatchSize(), quick ? 2 : 5);

        Serve.start(ServeOptions.builder().http(HttpOptions.builder().enabled(false).build()).build());
        List<Load> loads = new ArrayList<>();
        try {
            DeploymentHandle<DenseLayer> handle = Serve.run(Serve.deployment(DenseLayer.class)
                    .options(o -> o.numReplicas(1).maxOngoingRequests(MAX_ONGOING_REQUESTS))
                    .bind(INPUTS, OUTPUTS, 42L), "dense", null);
            Call single = x -> handle.remote(DenseLayer::predict, x).result();
            Call batched = x -> handle.remoteBatched(DenseLayer::predictBatch, x).result();
            checkSameResults(single, batched, inputs[0]);
            run("without @Batch", single, inputs, warmUp, new Totals());
            run("with @Batch", batched, inputs, warmUp, new Totals());
            // Alternating phases: whatever else runs on the machine disturbs both targets alike.
            var without = new Totals();
            var with = new Totals();
            for (int round = 0; round < rounds; round++) {
                run("without @Batch", single, inputs, phase, without);
                run("with @Batch", batched, inputs, phase, with);
            }
            loads.add(without.load("without @Batch"));
            loads.add(with.load("with @Batch"));
        } finally {
            Serve.shutdown();
        }
        report(batch, kernel, loads, warmUp, phase, rounds);
    }

    private static float[][] randomInputs(int n, long seed) {
        var random = new Random(seed);
        float[][] xs = new float[n][INPUTS];
        for (float[] x : xs) {
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat();
            }
        }
        return xs;
    }

    /** µs per input of the model alone, one thread: {@code [batch of 1, batch of batchSize]}, after a warm-up. */
    private static double[] kernelMicrosPerInput(DenseLayer model, float[][] inputs, int batchSize, int seconds) {
        float[][] batch = Arrays.copyOf(inputs, batchSize);
        double single = 0;
        double batched = 0;
        for (int round = 0; round < 2; round++) {
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos() / 2;
            long t0 = System.nanoTime();
            long n = 0;
            while (System.nanoTime() < end) {
                model.predict(inputs[(int) (n % inputs.length)]);
                n++;
            }
            single = (System.nanoTime() - t0) / 1e3 / n;
            end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos() / 2;
            t0 = System.nanoTime();
            n = 0;
            while (System.nanoTime() < end) {
                model.predictBatch(Arrays.asList(batch));
                n += batchSize;
            }
            batched = (System.nanoTime() - t0) / 1e3 / n;
        }
        System.err.printf(Locale.ROOT, "model alone: %.0f µs per input one by one, %.0f µs per input in batches of %d%n",
                single, batched, batchSize);
        return new double[] {single, batched};
    }

    private static void checkSameResults(Call single, Call batched, float[] x) {
        if (!Arrays.equals(single.apply(x), batched.apply(x))) {
            throw new IllegalStateException("predict and predictBatch disagree on the same input");
        }
    }

    /** {@link #CALLERS} callers in a closed loop for {@code duration}, each with its own input; adds to {@code totals}. */
    private static void run(String target, Call call, float[][] inputs, Duration duration, Totals totals)
            throws Exception {
        var stop = new AtomicBoolean();
        var start = new CountDownLatch(1);
        List<Future<LatencyRecorder>> callers = new ArrayList<>();
        long t0;
        long elapsed;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLERS; i++) {
                float[] x = inputs[i];
                callers.add(pool.submit(() -> {
                    var latencies = new LatencyRecorder(1 << 12);
                    start.await();
                    while (!stop.get()) {
                        long c0 = System.nanoTime();
                        float[] y = call.apply(x);
                        latencies.record(System.nanoTime() - c0);
                        if (y.length != OUTPUTS) {
                            throw new IllegalStateException(target + " returned " + y.length + " outputs");
                        }
                    }
                    return latencies;
                }));
            }
            t0 = System.nanoTime();
            start.countDown();
            Thread.sleep(duration);
            stop.set(true);
            var phase = new Totals();
            for (Future<LatencyRecorder> f : callers) {
                phase.latencies.addAll(f.get());
            }
            elapsed = System.nanoTime() - t0;
            phase.nanos = elapsed;
            totals.latencies.addAll(phase.latencies);
            totals.nanos += elapsed;
            Load load = phase.load(target);
            System.err.printf(Locale.ROOT, "%s: %.1f calls/s, p50 %.1f ms, p99 %.1f ms%n", target,
                    load.callsPerSecond(), load.p50Millis(), load.p99Millis());
        }
    }

    /** One line on standard output that {@link BatchScenario} reads: {@link #RESULT} then the figures as JSON. */
    private static void report(Batch batch, double[] kernel, List<Load> loads, Duration warmUp, Duration phase,
                               int rounds) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("inputs", INPUTS).put("outputs", OUTPUTS).put("weights_mib", INPUTS * (long) OUTPUTS * 4 / (1 << 20));
        json.put("callers", CALLERS).put("max_ongoing_requests", MAX_ONGOING_REQUESTS);
        json.put("max_batch_size", batch.maxBatchSize()).put("batch_wait_timeout_ms", batch.batchWaitTimeoutMillis())
                .put("max_concurrent_batches", batch.maxConcurrentBatches());
        json.put("warm_up_s", warmUp.toSeconds()).put("phase_s", phase.toSeconds()).put("rounds", rounds);
        json.putObject("model_alone").put("us_per_input_one_by_one", kernel[0])
                .put("us_per_input_batched", kernel[1]).put("gain", kernel[0] / kernel[1]);
        var rows = json.putArray("results");
        for (Load l : loads) {
            rows.addObject().put("target", l.target()).put("calls", l.calls()).put("seconds", l.seconds())
                    .put("calls_per_second", l.callsPerSecond()).put("p50_ms", l.p50Millis())
                    .put("p99_ms", l.p99Millis());
        }
        System.out.println(RESULT + json);
    }
}
