package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.core.ActorHandle;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.TaskOptions;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Trellis Core embedded in one JVM, measured the way Ray's {@code ray microbenchmark}
 * ({@code python/ray/_private/ray_perf.py}) measures Ray Core, each next to a plain-JDK baseline
 * measured right after it in the same JVM:
 *
 * <ul>
 *   <li>empty tasks, {@value #BATCH} submitted then all gotten ({@code single_client_tasks_async}),
 *       with {@code num_cpus} 1 and 0 on a node with this machine's cores, vs the same no-op given to
 *       a {@link ThreadPoolExecutor} of as many threads with {@code CompletableFuture.supplyAsync} and joined;</li>
 *   <li>empty tasks one at a time ({@code single_client_tasks_sync}), vs that pool one at a time;</li>
 *   <li>1:1 actor calls one at a time ({@code 1_1_actor_calls_sync}: p50/p99 of the round trip) and
 *       {@value #BATCH} in flight ({@code 1_1_actor_calls_async}), vs a single-thread executor;</li>
 *   <li>{@code put} of an in-JVM object and {@code get} of a put object
 *       ({@code single_client_put_calls_Plasma_Store}, {@code single_client_get_calls_Plasma_Store}),
 *       vs a {@link ConcurrentHashMap} put and get, and whether {@code get} returns the very instance put;</li>
 *   <li>puts from {@value #CLIENTS} tasks at once ({@code multi_client_put_calls_Plasma_Store}), vs as
 *       many pool tasks putting into a {@link ConcurrentHashMap}.</li>
 * </ul>
 *
 * <p>Each phase warms up, then runs for a fixed time; rates are operations over the phase's wall
 * time. Run by {@code trellis-bench/run core [--quick]} in a JVM of its own ({@link CoreScenario}),
 * which turns the line it prints into the report.
 */
public final class CoreBenchmark {
    /** Starts the line of standard output that carries the figures. */
    static final String RESULT = "RESULT ";
    /** Tasks or calls in flight in the batched phases, as in Ray's microbenchmark. */
    static final int BATCH = 1000;
    /** Clients of the multi-client put, each putting {@link #BATCH} / this many objects (as in Ray's). */
    static final int CLIENTS = 10;
    private static final String OK = "ok";
    private static final byte[] PAYLOAD = new byte[64];

    private CoreBenchmark() {
    }

    /** The empty task (Ray's {@code small_value}). */
    public static String smallValue() {
        return OK;
    }

    /** The actor (Ray's {@code Actor.small_value}). */
    public static final class Echo {
        public String smallValue() {
            return OK;
        }
    }

    /** One unit of measured work: a single call, or a whole batch. */
    interface Op {
        void run() throws Exception;
    }

    /** One target's figures in one phase. */
    record Measured(String target, long ops, double seconds, LatencyRecorder latencies, long threadsStarted) {
        double perSecond() {
            return ops / seconds;
        }

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("target", target).put("ops", ops).put("seconds", seconds).put("per_second", perSecond())
                    .put("platform_threads_started", threadsStarted);
            if (latencies != null) {
                json.put("p50_us", latencies.percentileMicros(50)).put("p99_us", latencies.percentileMicros(99));
            }
            return json;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Duration warmUp = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(2);
        Duration phase = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(4);
        int cores = Runtime.getRuntime().availableProcessors();
        var out = JsonNodeFactory.instance.objectNode();
        out.put("cores", cores).put("batch", BATCH).put("warm_up_s", warmUp.toSeconds())
                .put("phase_s", phase.toSeconds()).put("payload_bytes", PAYLOAD.length);
        ArrayNode comparisons = out.putArray("comparisons");

        ThreadPoolExecutor pool = new ThreadPoolExecutor(cores, cores, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name("baseline-pool-", 0).daemon().factory());
        ExecutorService single = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("baseline-single").daemon().factory());
        Trellis.init(TrellisOptions.defaults());
        try {
            String node = Trellis.nodeId();
            out.put("node_cpus", Trellis.nodes().getFirst().total().cpus());

            // Empty tasks, a batch submitted then all gotten.
            Measured poolBatch = batches("ThreadPoolExecutor (" + cores + " threads), supplyAsync + join", () -> {
                var futures = new ArrayList<CompletableFuture<String>>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    futures.add(CompletableFuture.supplyAsync(CoreBenchmark::smallValue, pool));
                }
                for (CompletableFuture<String> f : futures) {
                    check(f.join());
                }
            }, warmUp, phase);
            TaskOptions oneCpu = TaskOptions.DEFAULT;
            TaskOptions noCpu = TaskOptions.builder().numCpus(0).build();
            Measured tasks1 = batches("Trellis task, num_cpus=1", () -> taskBatch(oneCpu), warmUp, phase);
            Measured tasks0 = batches("Trellis task, num_cpus=0", () -> taskBatch(noCpu), warmUp, phase);
            comparisons.add(comparison("empty tasks, " + BATCH + " submitted then all gotten (num_cpus=1)",
                    "single_client_tasks_async", tasks1, poolBatch));
            comparisons.add(comparison("empty tasks, " + BATCH + " submitted then all gotten (num_cpus=0)",
                    "single_client_tasks_async", tasks0, poolBatch));

            // Empty tasks one at a time.
            Measured poolSync = calls("ThreadPoolExecutor (" + cores + " threads), supplyAsync + join",
                    () -> check(CompletableFuture.supplyAsync(CoreBenchmark::smallValue, pool).join()), warmUp, phase);
            Measured tasksSync = calls("Trellis task, num_cpus=1",
                    () -> check(Trellis.task(CoreBenchmark::smallValue).remote().get()), warmUp, phase);
            comparisons.add(comparison("empty task round trip, one at a time (num_cpus=1)",
                    "single_client_tasks_sync", tasksSync, poolSync));

            // 1:1 actor calls.
            ActorHandle<Echo> actor = Trellis.actor(Echo::new).remote();
            var echo = new Echo();
            Measured singleSync = calls("single-thread executor, supplyAsync + join",
                    () -> check(CompletableFuture.supplyAsync(echo::smallValue, single).join()), warmUp, phase);
            Measured actorSync = calls("Trellis actor call",
                    () -> check(actor.task(Echo::smallValue).remote().get()), warmUp, phase);
            comparisons.add(comparison("1:1 actor call round trip, one at a time", "1_1_actor_calls_sync",
                    actorSync, singleSync));
            Measured singleBatch = batches("single-thread executor, supplyAsync + join", () -> {
                var futures = new ArrayList<CompletableFuture<String>>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    futures.add(CompletableFuture.supplyAsync(echo::smallValue, single));
                }
                for (CompletableFuture<String> f : futures) {
                    check(f.join());
                }
            }, warmUp, phase);
            Measured actorBatch = batches("Trellis actor call", () -> {
                var refs = new ArrayList<ObjectRef<String>>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    refs.add(actor.task(Echo::smallValue).remote());
                }
                for (ObjectRef<String> r : refs) {
                    check(r.get());
                }
            }, warmUp, phase);
            comparisons.add(comparison("1:1 actor calls, " + BATCH + " in flight", "1_1_actor_calls_async",
                    actorBatch, singleBatch));
            Trellis.kill(actor);

            // Objects: put, and get of a put object.
            var map = new ConcurrentHashMap<Long, Object>();
            long[] key = {0};
            Measured mapPut = batches("ConcurrentHashMap.put (new key; cleared every 4096)", () -> {
                for (int i = 0; i < BATCH; i++) {
                    map.put(++key[0], PAYLOAD);
                    if ((key[0] & 4095) == 0) {
                        map.clear();
                    }
                }
            }, warmUp, phase);
            Measured put = batches("Trellis.put", () -> {
                for (int i = 0; i < BATCH; i++) {
                    Trellis.put(PAYLOAD);
                }
            }, warmUp, phase);
            comparisons.add(comparison("put of a " + PAYLOAD.length + "-byte array (ref dropped at once)",
                    "single_client_put_calls_Plasma_Store", put, mapPut));
            var ids = new java.util.concurrent.atomic.AtomicLong();
            Measured mapPutMulti = batches("ConcurrentHashMap.put from " + CLIENTS + " pool tasks", () -> {
                var futures = new ArrayList<CompletableFuture<Void>>(CLIENTS);
                for (int c = 0; c < CLIENTS; c++) {
                    futures.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < BATCH / CLIENTS; i++) {
                            map.put(ids.incrementAndGet(), PAYLOAD);
                        }
                    }, pool));
                }
                futures.forEach(CompletableFuture::join);
                map.clear();
            }, warmUp, phase);
            Measured putMulti = batches("Trellis.put from " + CLIENTS + " tasks", () -> {
                var refs = new ArrayList<ObjectRef<Integer>>(CLIENTS);
                for (int c = 0; c < CLIENTS; c++) {
                    refs.add(Trellis.task(CoreBenchmark::putMany, BATCH / CLIENTS).remote());
                }
                for (ObjectRef<Integer> r : refs) {
                    r.get();
                }
            }, warmUp, phase);
            comparisons.add(comparison("put from " + CLIENTS + " tasks, " + BATCH / CLIENTS + " each",
                    "multi_client_put_calls_Plasma_Store", putMulti, mapPutMulti));
            map.put(-1L, PAYLOAD);
            Measured mapGet = batches("ConcurrentHashMap.get", () -> {
                for (int i = 0; i < BATCH; i++) {
                    if (map.get(-1L) != PAYLOAD) {
                        throw new IllegalStateException("map lost the payload");
                    }
                }
            }, warmUp, phase);
            ObjectRef<byte[]> stored = Trellis.put(PAYLOAD);
            Measured get = batches("ObjectRef.get", () -> {
                for (int i = 0; i < BATCH; i++) {
                    if (stored.get() != PAYLOAD) {
                        throw new IllegalStateException("get returned a copy");
                    }
                }
            }, warmUp, phase);
            comparisons.add(comparison("get of a put object", "single_client_get_calls_Plasma_Store", get, mapGet));
            out.put("get_returns_same_instance", stored.get() == PAYLOAD
                    && Trellis.task(CoreBenchmark::identity, stored).remote().get() == PAYLOAD);
            out.put("node", node);
        } finally {
            Trellis.shutdown();
            pool.shutdownNow();
            single.shutdownNow();
        }
        System.out.println(RESULT + out);
    }

    /** The task of the multi-client put: {@code n} puts, refs dropped at once (Ray's {@code do_put_small}). */
    public static int putMany(int n) {
        for (int i = 0; i < n; i++) {
            Trellis.put(PAYLOAD);
        }
        return n;
    }

    /** A task that returns its argument: a put object passed by ref arrives as the same instance. */
    public static byte[] identity(byte[] value) {
        return value;
    }

    private static void taskBatch(TaskOptions options) {
        var refs = new ArrayList<ObjectRef<String>>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            refs.add(Trellis.task(CoreBenchmark::smallValue).options(options).remote());
        }
        for (ObjectRef<String> r : refs) {
            check(r.get());
        }
    }

    static void check(String value) {
        if (!OK.equals(value)) {
            throw new IllegalStateException("expected 'ok', got " + value);
        }
    }

    static ObjectNode comparison(String measure, String rayMetric, Measured trellis, Measured baseline) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("measure", measure).put("ray_metric", rayMetric);
        json.set("trellis", trellis.toJson());
        json.set("baseline", baseline.toJson());
        json.put("throughput_ratio", trellis.perSecond() / baseline.perSecond());
        if (trellis.latencies() != null && baseline.latencies() != null) {
            json.put("p50_ratio", trellis.latencies().percentileMicros(50) / baseline.latencies().percentileMicros(50));
            json.put("p99_ratio", trellis.latencies().percentileMicros(99) / baseline.latencies().percentileMicros(99));
        }
        System.err.printf(Locale.ROOT, "%s: %s %.0f/s vs %s %.0f/s (%.3fx)%n", measure, trellis.target(),
                trellis.perSecond(), baseline.target(), baseline.perSecond(), trellis.perSecond() / baseline.perSecond());
        return json;
    }

    /** Runs {@code op} (one call) again and again, timing each; the rate is calls over the phase. */
    static Measured calls(String target, Op op, Duration warmUp, Duration phase) throws Exception {
        runFor(op, warmUp, null);
        System.gc();
        long started = THREADS.getTotalStartedThreadCount();
        var latencies = new LatencyRecorder(1 << 20);
        long t0 = System.nanoTime();
        long n = runFor(op, phase, latencies);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Measured(target, n, seconds, latencies, THREADS.getTotalStartedThreadCount() - started);
    }

    /** Runs {@code op} ({@link #BATCH} operations) again and again; the rate is operations over the phase. */
    static Measured batches(String target, Op op, Duration warmUp, Duration phase) throws Exception {
        return batches(target, BATCH, op, warmUp, phase);
    }

    /** Runs {@code op} ({@code batch} operations) again and again; the rate is operations over the phase. */
    static Measured batches(String target, int batch, Op op, Duration warmUp, Duration phase) throws Exception {
        runFor(op, warmUp, null);
        System.gc();
        long started = THREADS.getTotalStartedThreadCount();
        long t0 = System.nanoTime();
        long n = runFor(op, phase, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Measured(target, n * batch, seconds, null, THREADS.getTotalStartedThreadCount() - started);
    }

    private static long runFor(Op op, Duration phase, LatencyRecorder latencies) throws Exception {
        long end = System.nanoTime() + phase.toNanos();
        long n = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            op.run();
            if (latencies != null) {
                latencies.record(System.nanoTime() - t0);
            }
            n++;
        }
        return n;
    }
}
