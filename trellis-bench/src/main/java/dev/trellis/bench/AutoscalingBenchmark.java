package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import dev.trellis.serve.ServeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * How fast autoscaling reacts, in a JVM of its own ({@link AutoscalingScenario}), on the default
 * 100 ms control loop:
 * <ol>
 *   <li><b>Scale-up reaction</b>: one caller keeps one replica busy below its target; then 16
 *   callers start at once. Measured: the time from that step to the first response served by a
 *   replica that did not exist before. Its floor is upscale_delay_s + the time to start a replica
 *   (measured below) + one call. On top of it come at most one metrics_interval_s (until the next
 *   load report shows the step) and two control-loop ticks (until a tick sees that report, and
 *   because the delay is checked on ticks): floor plus those is the bound.</li>
 *   <li><b>Cold start</b>: a deployment with {@code min_replicas: 0} scaled to zero gets one
 *   request; measured: request to response. Baselines from the same run: the same request on a
 *   warm replica, and {@code Serve.run} of a fixed one-replica deployment plus its first response.</li>
 * </ol>
 * Every wait is bounded. Prints one {@link #RESULT} line with the figures as JSON.
 */
public final class AutoscalingBenchmark {
    static final String RESULT = "RESULT ";
    static final int STEP_CALLERS = 16;
    static final Duration CALL = Duration.ofMillis(20);
    static final Duration TICK = Duration.ofMillis(100);
    static final Duration METRICS_INTERVAL = Duration.ofMillis(100);
    static final Duration LOOK_BACK = Duration.ofMillis(500);
    static final Duration UPSCALE_DELAY = Duration.ofMillis(500);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The deployment measured: each call waits {@code millis} (a model's work) and names the replica that ran it. */
    public static final class Sleeper {
        private final String id = UUID.randomUUID().toString();

        public String work(int millis) throws InterruptedException {
            if (millis > 0) {
                Thread.sleep(millis);
            }
            return id;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int rounds = quick ? 3 : 7;
        Serve.start(ServeOptions.builder().controlLoopInterval(TICK)
                .http(HttpOptions.builder().enabled(false).build()).build());
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            double[] runAndFirst = new double[rounds];
            double[] replicaStart = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                double[] t = serveRunAndFirstResponse();
                replicaStart[i] = t[0];
                runAndFirst[i] = t[1];
            }
            double warm = warmLatency(quick ? 200 : 1000);
            double[] reactions = scaleUpReactions(rounds, callers);
            double[] coldStarts = coldStarts(rounds);

            json.put("rounds", rounds);
            json.put("control_loop_ms", TICK.toMillis());
            json.put("metrics_interval_ms", METRICS_INTERVAL.toMillis());
            json.put("look_back_ms", LOOK_BACK.toMillis());
            json.put("upscale_delay_ms", UPSCALE_DELAY.toMillis());
            json.put("call_ms", CALL.toMillis());
            json.put("step_callers", STEP_CALLERS);
            put(json, "replica_start_ms", replicaStart);
            put(json, "scale_up_reaction_ms", reactions);
            double floor = UPSCALE_DELAY.toMillis() + median(replicaStart) + CALL.toMillis();
            json.put("scale_up_floor_ms", floor);
            json.put("scale_up_bound_ms", floor + METRICS_INTERVAL.toMillis() + 2 * TICK.toMillis());
            put(json, "cold_start_ms", coldStarts);
            json.put("warm_call_p50_ms", warm);
            put(json, "serve_run_and_first_response_ms", runAndFirst);
        } finally {
            Serve.shutdown();
        }
        System.out.println(RESULT + json);
    }

    /** Serve.run of a fixed one-replica deployment (ms until it returns) and until its first response. */
    private static double[] serveRunAndFirstResponse() {
        long t0 = System.nanoTime();
        DeploymentHandle<Sleeper> handle = Serve.run(Serve.deployment(Sleeper.class)
                .options(o -> o.numReplicas(1)).bind(), "fixed", null);
        long t1 = System.nanoTime();
        handle.remote(Sleeper::work, 0).result(PATIENCE);
        long t2 = System.nanoTime();
        Serve.delete("fixed");
        return new double[] {millis(t1 - t0), millis(t2 - t0)};
    }

    /** The median latency of a no-work call on a warm replica. */
    private static double warmLatency(int calls) {
        DeploymentHandle<Sleeper> handle = Serve.run(Serve.deployment(Sleeper.class)
                .options(o -> o.numReplicas(1)).bind(), "warm", null);
        for (int i = 0; i < calls; i++) {
            handle.remote(Sleeper::work, 0).result(PATIENCE);
        }
        double[] samples = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            handle.remote(Sleeper::work, 0).result(PATIENCE);
            samples[i] = millis(System.nanoTime() - t0);
        }
        Serve.delete("warm");
        return median(samples);
    }

    private static double[] scaleUpReactions(int rounds, ExecutorService callers) throws Exception {
        DeploymentHandle<Sleeper> handle = Serve.run(Serve.deployment(Sleeper.class).options(o -> o.autoscaling(a -> a
                .minReplicas(1).maxReplicas(4).targetOngoingRequests(2).metricsInterval(METRICS_INTERVAL)
                .lookBackPeriod(LOOK_BACK).upscaleDelay(UPSCALE_DELAY).downscaleDelay(Duration.ofSeconds(1))))
                .bind(), "scale-up", null);
        double[] reactions = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            awaitDeployment("scale-up", d -> d.targetReplicas() == 1 && d.replicas().size() == 1
                    && d.count(ReplicaState.RUNNING) == 1);
            Set<String> before = ConcurrentHashMap.newKeySet();
            var stop = new AtomicBoolean();
            // Steady load below the target: one caller, ongoing requests about 1 against a target of 2.
            Future<?> steady = callers.submit(() -> loop(handle, stop, before::add));
            Thread.sleep(LOOK_BACK.multipliedBy(2).toMillis());
            var firstNew = new AtomicLong();
            var start = new CountDownLatch(1);
            List<Future<?>> step = new ArrayList<>();
            for (int i = 0; i < STEP_CALLERS; i++) {
                step.add(callers.submit(() -> {
                    start.await();
                    return loop(handle, stop, id -> {
                        if (!before.contains(id)) {
                            firstNew.compareAndSet(0, System.nanoTime());
                        }
                    });
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            long deadline = t0 + PATIENCE.toNanos();
            while (firstNew.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            stop.set(true);
            steady.get();
            for (Future<?> f : step) {
                f.get();
            }
            if (firstNew.get() == 0) {
                throw new IllegalStateException("no new replica served a call within " + PATIENCE.toSeconds() + " s");
            }
            reactions[round] = millis(firstNew.get() - t0);
            System.err.printf(Locale.ROOT, "scale-up round %d: first call on a new replica after %.0f ms%n", round,
                    reactions[round]);
        }
        Serve.delete("scale-up");
        return reactions;
    }

    private static int loop(DeploymentHandle<Sleeper> handle, AtomicBoolean stop, java.util.function.Consumer<String> served) {
        int calls = 0;
        while (!stop.get()) {
            served.accept(handle.remote(Sleeper::work, (int) CALL.toMillis()).result(PATIENCE));
            calls++;
        }
        return calls;
    }

    private static double[] coldStarts(int rounds) throws InterruptedException {
        DeploymentHandle<Sleeper> handle = Serve.run(Serve.deployment(Sleeper.class).options(o -> o.autoscaling(a -> a
                .minReplicas(0).initialReplicas(0).maxReplicas(1).metricsInterval(METRICS_INTERVAL)
                .lookBackPeriod(Duration.ofMillis(300)).downscaleToZeroDelay(Duration.ofMillis(300))))
                .bind(), "cold", null);
        double[] samples = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            awaitDeployment("cold", d -> d.targetReplicas() == 0 && d.replicas().isEmpty());
            long t0 = System.nanoTime();
            handle.remote(Sleeper::work, 0).result(PATIENCE);
            samples[round] = millis(System.nanoTime() - t0);
            System.err.printf(Locale.ROOT, "cold start round %d: %.1f ms%n", round, samples[round]);
        }
        Serve.delete("cold");
        return samples;
    }

    private static void awaitDeployment(String app, Predicate<ServeStatus.DeploymentOverview> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            var d = Serve.status().application(app).deployments().get("Sleeper");
            if (condition.test(d)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deployment of '" + app + "' did not settle within "
                        + PATIENCE.toSeconds() + " s: " + d);
            }
            Thread.sleep(20);
        }
    }

    private static void put(ObjectNode json, String name, double[] samples) {
        var node = json.putObject(name);
        node.put("median", median(samples));
        node.put("min", Arrays.stream(samples).min().orElse(Double.NaN));
        node.put("max", Arrays.stream(samples).max().orElse(Double.NaN));
        var all = node.putArray("samples");
        for (double s : samples) {
            all.add(Math.round(s * 10) / 10.0);
        }
    }

    static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private AutoscalingBenchmark() {
    }
}
