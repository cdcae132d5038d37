package dev.trellis.bench;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.time.Duration;
import java.time.LocalDate;
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
 * <p>Run: {@code trellis-bench/run handle [--quick]}.
 */
public final class HandleBenchmark {
    /** The deployment under test: as little work as possible. */
    public static final class Noop {
        public int call(int x) {
            return x + 1;
        }
    }

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
        Serve.start(ServeOptions.defaults());
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
        print(results, callers, quick);
    }

    private static Result measure(CallTarget target, Duration latencyPhase, Duration throughputPhase, int callers)
            throws Exception {
        // Warm-up: JIT, class loading, thread pools.
        runFor(target, Duration.ofSeconds(2), new LatencyRecorder(1 << 16));
        var latencies = new LatencyRecorder(1 << 20);
        runFor(target, latencyPhase, latencies);
        double throughput = throughput(target, throughputPhase, callers);
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

    private static double throughput(CallTarget target, Duration phase, int callers) throws Exception {
        var stop = new AtomicBoolean();
        var start = new CountDownLatch(1);
        List<Future<Long>> counts = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                counts.add(pool.submit(() -> {
                    start.await();
                    long n = 0;
                    while (!stop.get()) {
                        target.call((int) n);
                        n++;
                    }
                    return n;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            Thread.sleep(phase);
            stop.set(true);
            long total = 0;
            for (Future<Long> f : counts) {
                total += f.get();
            }
            return total / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static void print(List<Result> results, int callers, boolean quick) {
        Result base = results.get(1);
        var out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n## In-process handle calls (%s, %s, JDK %s, %d cores)%n%n",
                quick ? "quick" : "full", LocalDate.now(), Runtime.version(), Runtime.getRuntime().availableProcessors()));
        out.append("| target | p50 µs (1 caller) | p99 µs (1 caller) | calls/s (").append(callers)
                .append(" callers) | p50 vs Pekko | throughput vs Pekko |\n|---|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %.2fx | %.2fx |%n", r.target(),
                    r.p50Micros(), r.p99Micros(), r.callsPerSecond(), r.p50Micros() / base.p50Micros(),
                    r.callsPerSecond() / base.callsPerSecond()));
        }
        System.out.print(out);
    }
}
