package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Batch;
import dev.trellis.serve.BatchControl;
import dev.trellis.serve.Batching;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.DeploymentStream;
import dev.trellis.serve.Reconfigurable;
import dev.trellis.serve.ReplicaDiedException;
import dev.trellis.serve.RequestCancelledException;
import dev.trellis.serve.Serve;
import dev.trellis.serve.UserCodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @Batch} end to end: handles, replicas, user_config, max_ongoing_requests, cancellation, streaming. */
class BatchingTest extends ServeIntegrationTest {
    /** Every batch any deployment below was called with, in order. */
    static final ConcurrentLinkedQueue<List<Integer>> BATCHES = new ConcurrentLinkedQueue<>();
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    static volatile BatchControl control;

    @BeforeEach
    void forgetBatches() {
        BATCHES.clear();
        CONSTRUCTED.set(0);
        control = null;
    }

    /** Waits long for a batch to fill: in these tests only a full batch may be sent. */
    public static final class Labeller {
        public Labeller() {
            control = Batching.of(this, Labeller::label);
        }

        @Batch(maxBatchSize = 8, batchWaitTimeoutMillis = 60_000)
        public List<String> label(List<Integer> xs) {
            BATCHES.add(List.copyOf(xs));
            return xs.stream().map(x -> "label-" + x).toList();
        }
    }

    public static final class Tunable implements Reconfigurable<Map<String, Integer>> {
        public Tunable() {
            CONSTRUCTED.incrementAndGet();
        }

        @Override
        public void reconfigure(Map<String, Integer> userConfig) {
            Batching.of(this, Tunable::label).setMaxBatchSize(userConfig.get("max_batch_size"));
        }

        @Batch(maxBatchSize = 100, batchWaitTimeoutMillis = 60_000)
        public List<String> label(List<Integer> xs) {
            BATCHES.add(List.copyOf(xs));
            return xs.stream().map(x -> "label-" + x).toList();
        }

        public int maxBatchSize() {
            return Batching.of(this, Tunable::label).maxBatchSize();
        }
    }

    /** Short wait: batches go out when max_ongoing_requests keeps them from filling. */
    public static final class Capped {
        @Batch(maxBatchSize = 8, batchWaitTimeoutMillis = 20)
        public List<Integer> square(List<Integer> xs) throws InterruptedException {
            BATCHES.add(List.copyOf(xs));
            Thread.sleep(5);
            return xs.stream().map(x -> x * x).toList();
        }
    }

    public static final class Faulty {
        @Batch(maxBatchSize = 2, batchWaitTimeoutMillis = 60_000)
        public List<String> check(List<String> inputs) {
            if (inputs.contains("boom")) {
                throw new IllegalArgumentException("cannot score a batch of " + inputs.size() + " with a bomb in it");
            }
            if (inputs.contains("short")) {
                return inputs.subList(1, inputs.size());
            }
            if (inputs.contains("fatal")) {
                throw new OutOfMemoryError("native tensor allocation failed");
            }
            return inputs;
        }

        public int instance() {
            return System.identityHashCode(this);
        }

        public List<String> unbatched(List<String> inputs) {
            return inputs;
        }
    }

    public static final class Generator {
        /** Caller with input {@code n} gets "n:0" .. "n:(n-1)". */
        @Batch(maxBatchSize = 3, batchWaitTimeoutMillis = 60_000)
        public Stream<List<String>> count(List<Integer> ns) {
            BATCHES.add(List.copyOf(ns));
            int steps = ns.stream().max(Integer::compare).orElse(0);
            return IntStream.range(0, steps).mapToObj(s -> {
                var step = new ArrayList<String>();
                for (int n : ns) {
                    step.add(s < n ? n + ":" + s : null);
                }
                return step;
            });
        }
    }

    /** Runs {@code calls} callers at once, each on its own virtual thread; their results, in order. */
    static <R> List<R> concurrently(int calls, IntFunction<Callable<R>> call) throws Exception {
        var start = new CountDownLatch(1);
        List<Future<R>> futures = new ArrayList<>();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                Callable<R> c = call.apply(i);
                futures.add(callers.submit(() -> {
                    start.await();
                    return c.call();
                }));
            }
            start.countDown();
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    static Throwable failureOf(Callable<?> call) {
        try {
            call.call();
            throw new AssertionError("expected a failure");
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void sixtyFourConcurrentCallersFormBatchesOfTheConfiguredSizeAndEachGetsItsOwnResult() throws Exception {
        DeploymentHandle<Labeller> handle = Serve.run(Serve.deployment(Labeller.class)
                .options(o -> o.maxOngoingRequests(64)).bind(), "batch", null);

        List<String> results = concurrently(64, i -> () -> handle.remoteBatched(Labeller::label, i)
                .result(PATIENCE));

        assertThat(results).isEqualTo(IntStream.range(0, 64).mapToObj(i -> "label-" + i).toList());
        assertThat(BATCHES).hasSize(8).allSatisfy(batch -> assertThat(batch).hasSize(8));
        assertThat(BATCHES.stream().flatMap(List::stream).sorted().toList())
                .isEqualTo(IntStream.range(0, 64).boxed().toList());
    }

    @Test
    void aNewUserConfigChangesTheBatchSizeOfTheRunningReplicaWithoutRestartingIt() throws Exception {
        var tunable = Serve.deployment(Tunable.class).options(o -> o.maxOngoingRequests(16));
        DeploymentHandle<Tunable> handle = Serve.run(tunable.options(o -> o.userConfig(Map.of("max_batch_size", 2)))
                .bind(), "tunable", null);
        concurrently(8, i -> () -> handle.remoteBatched(Tunable::label, i).result(PATIENCE));
        assertThat(BATCHES).hasSize(4).allSatisfy(batch -> assertThat(batch).hasSize(2));

        Serve.run(tunable.options(o -> o.userConfig(Map.of("max_batch_size", 4))).bind(), "tunable", null);
        eventually(() -> assertThat(handle.remote(Tunable::maxBatchSize).result()).isEqualTo(4));
        BATCHES.clear();
        List<String> results = concurrently(8, i -> () -> handle.remoteBatched(Tunable::label, i).result(PATIENCE));

        assertThat(results).isEqualTo(IntStream.range(0, 8).mapToObj(i -> "label-" + i).toList());
        assertThat(BATCHES).hasSize(2).allSatisfy(batch -> assertThat(batch).hasSize(4));
        assertThat(CONSTRUCTED.get()).as("the replica was reconfigured, not replaced").isEqualTo(1);
    }

    @Test
    void batchesNeverHoldMoreItemsThanMaxOngoingRequests() throws Exception {
        DeploymentHandle<Capped> capped = Serve.run(Serve.deployment(Capped.class)
                .options(o -> o.maxOngoingRequests(4)).bind(), "capped", null);

        List<Integer> results = concurrently(32, i -> () -> capped.remoteBatched(Capped::square, i).result(PATIENCE));

        assertThat(results).isEqualTo(IntStream.range(0, 32).map(i -> i * i).boxed().toList());
        assertThat(BATCHES).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(4));
        assertThat(BATCHES.stream().mapToInt(List::size).sum()).isEqualTo(32);
    }

    @Test
    void withEnoughMaxOngoingRequestsBatchesReachMaxBatchSize() throws Exception {
        DeploymentHandle<Capped> capped = Serve.run(Serve.deployment(Capped.class)
                .options(o -> o.maxOngoingRequests(16)).bind(), "roomy", null);

        concurrently(32, i -> () -> capped.remoteBatched(Capped::square, i).result(PATIENCE));

        assertThat(BATCHES).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(8));
        assertThat(BATCHES.stream().mapToInt(List::size).max().orElse(0)).isEqualTo(8);
        assertThat(BATCHES.stream().mapToInt(List::size).sum()).isEqualTo(32);
    }

    @Test
    void aCancelledCallerLeavesItsBatchAndLaterBatchesAreFormedWithoutIt() throws Exception {
        DeploymentHandle<Labeller> handle = Serve.run(Serve.deployment(Labeller.class)
                .options(o -> o.maxOngoingRequests(16)).bind(), "cancel", null);
        DeploymentResponse<String> leaving = handle.remoteBatched(Labeller::label, 1000);
        eventually(() -> assertThat(control.queuedItems()).isEqualTo(1));

        assertThat(leaving.cancel()).isTrue();

        eventually(() -> assertThat(control.queuedItems()).isZero());
        assertThatThrownBy(leaving::result).isInstanceOf(RequestCancelledException.class);
        List<String> first = concurrently(8, i -> () -> handle.remoteBatched(Labeller::label, i).result(PATIENCE));
        List<String> second = concurrently(8, i -> () -> handle.remoteBatched(Labeller::label, 8 + i)
                .result(PATIENCE));
        assertThat(first).isEqualTo(IntStream.range(0, 8).mapToObj(i -> "label-" + i).toList());
        assertThat(second).isEqualTo(IntStream.range(8, 16).mapToObj(i -> "label-" + i).toList());
        assertThat(BATCHES).hasSize(2).allSatisfy(batch -> assertThat(batch).hasSize(8).doesNotContain(1000));
    }

    @Test
    void anExceptionFailsEveryCallerOfTheBatchWithItsTypeAndMessage() throws Exception {
        DeploymentHandle<Faulty> handle = Serve.run(Serve.deployment(Faulty.class).bind(), "faulty", null);

        List<Throwable> failures = concurrently(2, i -> () -> failureOf(() -> handle.remoteBatched(Faulty::check,
                i == 0 ? "boom" : "fine").result(PATIENCE)));

        assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(UserCodeException.class)
                .hasMessage("java.lang.IllegalArgumentException: cannot score a batch of 2 with a bomb in it"));
        assertThat(concurrently(2, i -> () -> handle.remoteBatched(Faulty::check, "ok-" + i).result(PATIENCE)))
                .as("the next batch").containsExactly("ok-0", "ok-1");
    }

    @Test
    void aResultListOfTheWrongLengthFailsEveryCallerWithAClearError() throws Exception {
        DeploymentHandle<Faulty> handle = Serve.run(Serve.deployment(Faulty.class).bind(), "short", null);

        List<Throwable> failures = concurrently(2, i -> () -> failureOf(() -> handle.remoteBatched(Faulty::check,
                i == 0 ? "short" : "fine").result(PATIENCE)));

        assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(UserCodeException.class)
                .hasMessageContaining("@Batch method Faulty.check returned 1 results for a batch of 2 inputs"));
    }

    @Test
    void aFatalErrorInABatchCrashesTheReplicaWhichIsReplaced() throws Exception {
        DeploymentHandle<Faulty> handle = Serve.run(Serve.deployment(Faulty.class).bind(), "fatal", null);
        int before = handle.remote(Faulty::instance).result();

        List<Throwable> failures = concurrently(2, i -> () -> failureOf(() -> handle.remoteBatched(Faulty::check,
                "fatal").result(PATIENCE)));

        assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(ReplicaDiedException.class)
                .hasMessageContaining("native tensor allocation failed"));
        assertThat(handle.remote(Faulty::instance).result(PATIENCE)).isNotEqualTo(before);
    }

    @Test
    void aStreamingBatchStreamsEachCallerItsOwnResults() throws Exception {
        DeploymentHandle<Generator> handle = Serve.run(Serve.deployment(Generator.class).bind(), "gen", null);

        List<List<String>> streams = concurrently(3, i -> () -> {
            var items = new ArrayList<String>();
            try (DeploymentStream<String> stream = handle.streamBatched(Generator::count, i + 1)) {
                while (stream.hasNext(PATIENCE)) {
                    items.add(stream.next());
                }
            }
            return items;
        });

        assertThat(streams).containsExactly(List.of("1:0"), List.of("2:0", "2:1"), List.of("3:0", "3:1", "3:2"));
        assertThat(BATCHES).singleElement().satisfies(b -> assertThat(b).containsExactlyInAnyOrder(1, 2, 3));
    }

    @Test
    void aBatchMethodIsCalledOneItemAtATimeAndOtherMethodsAreNotBatched() {
        DeploymentHandle<Labeller> handle = Serve.run(Serve.deployment(Labeller.class).bind(), "misuse", null);

        assertThatThrownBy(() -> handle.remote(Labeller::label, List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Labeller.label is a @Batch method: call it one item at a time with"
                        + " remoteBatched(Labeller::label, item)");
        DeploymentHandle<Faulty> faulty = Serve.run(Serve.deployment(Faulty.class).bind(), "plain", null);
        assertThatThrownBy(() -> faulty.remoteBatched(Faulty::unbatched, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not annotated @Batch");
    }

}
