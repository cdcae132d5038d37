package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * In-process handle call benchmark: latency (p50, p99) at one caller and throughput at 64
 * callers, for a no-op deployment through a {@link DeploymentHandle}, next to baselines
 * measured in the same run on the same JVM ({@link Baselines}). Every figure is also given as
 * a ratio to the Pekko baseline. Each phase is bounded in time.
 *
 * <p>Run by {@code trellis-bench/run handle [--quick]} in a JVM of its own ({@link HandleScenario}),
 * which turns the figures it prints into the report.
 */
public final class HandleBenchmark {
    /** The deployment under test: as little work as possible. */
    public static final class Noop {
        public int call(int x) {
            return x + 1;
        }
    }

    /** Starts the line of standard output that carries the figures. */
    static final String RESULT = "RESULT ";

    record Result(String target, double p50Micros, double p99Micros, double callsPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Duration latencyPhase = quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10);
        Duration throughputPhase = quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10);
        int callers = 64;

        List<Result> results = new ArrayList<>();
        try (CallTarget vt = Baselines.virtualThreadHop()) {
            results.add(measure(vt, latencyPhase, throughputPhase, callers));
        }
        try (CallTarget pekko = Baselines.pekkoAskViaVirtualThread()) {
            results.add(measure(pekko, latencyPhase, throughputPhase, callers));
        }
        Serve.start(ServeOptions.builder().http(HttpOptions.builder().enabled(false).build()).build());
        try {
            DeploymentHandle<Noop> handle = Serve.run(Serve.deployment(Noop.class)
                    .options(o -> o.numReplicas(1).maxOngoingRequests(100)).bind(), "bench", null);
            results.add(measure(new CallTarget() {
                @Override
                public String name() {
                    return "Trellis handle (1 replica, max_ongoing_requests=100)";
                }

                @Override
                public int call(int x) {
                    return handle.remote(Noop::call, x).result();
                }
            }, latencyPhase, throughputPhase, callers));
        } finally {
            Serve.shutdown();
        }
        report(results, callers, latencyPhase, throughputPhase);
    }

    private static Result measure(CallTarget target, Duration latencyPhase, Duration throughputPhase, int callers)
            throws Exception {
        // Warm-up: JIT, class loading, thread pools.
        runFor(target, Duration.ofSeconds(2), new LatencyRecorder(1 << 16));
        var latencies = new LatencyRecorder(1 << 20);
        runFor(target, latencyPhase, latencies);
        double throughput = ClosedLoop.callsPerSecond(target::call, throughputPhase, callers);
        System.err.printf(Locale.ROOT, "%s: %d calls at 1 caller, %.0f calls/s at %d callers%n", target.name(),
                latencies.count(), throughput, callers);
        return new Result(target.name(), latencies.percentileMicros(50), latencies.percentileMicros(99), throughput);
    }

    private static void runFor(CallTarget target, Duration phase, LatencyRecorder recorder) throws Exception {
        long end = System.nanoTime() + phase.toNanos();
        int x = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            int y = target.call(x);
            recorder.record(System.nanoTime() - t0);
            if (y != x + 1) {
                throw new IllegalStateException(target.name() + " returned " + y + " for " + x);
            }
            x++;
        }
    }


    /** One line on standard output that {@link HandleScenario} reads: {@link #RESULT} then the figures as JSON. */
    private static void report(List<Result> results, int callers, Duration latencyPhase, Duration throughputPhase) {
        var json = JsonNodeFactory.instance.objectNode();
        json.put("baseline", results.get(1).target());
        json.put("callers", callers);
        json.put("latency_phase_s", latencyPhase.toSeconds());
        json.put("throughput_phase_s", throughputPhase.toSeconds());
        var rows = json.putArray("results");
        for (Result r : results) {
            rows.addObject().put("target", r.target()).put("p50_us", r.p50Micros()).put("p99_us", r.p99Micros())
                    .put("calls_per_second", r.callsPerSecond());
        }
        System.out.println(RESULT + json);
    }
}
