package dev.trellis.serve.internal.multiplex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.InvalidInputException;
import dev.trellis.serve.MultiplexedModelLoadException;
import dev.trellis.serve.RequestCancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cache alone. Sequential tests load on the calling thread; concurrency tests load on
 * virtual threads and hold loads with latches (no sleeps).
 */
class ModelCacheTest {
    private static final Executor ON_CALLER = Runnable::run;
    private static final Executor ON_NEW_THREAD = task -> Thread.ofVirtual().start(task);
    private static final long WAIT_SECONDS = 10;

    /** A model that records being closed, and can be made to fail when closed. */
    static final class Model implements AutoCloseable {
        final String id;
        final List<String> closed;
        final boolean failOnClose;

        Model(String id, List<String> closed, boolean failOnClose) {
            this.id = id;
            this.closed = closed;
            this.failOnClose = failOnClose;
        }

        @Override
        public void close() {
            closed.add(id);
            if (failOnClose) {
                throw new IllegalStateException("cannot close " + id);
            }
        }
    }

    private final List<String> loads = new CopyOnWriteArrayList<>();
    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final List<Set<String>> reports = new CopyOnWriteArrayList<>();
    private final List<Long> versions = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void noThreadLeftBehind() throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertThat(t.isAlive()).as("test thread %s ended", t.getName()).isFalse();
        }
    }

    private ModelCache cache(int capacity, Executor executor) {
        return new ModelCache("Model.load", capacity, executor, (version, ids) -> {
            versions.add(version);
            reports.add(ids);
        });
    }

    private Callable<Object> loader(String id) {
        return () -> {
            loads.add(id);
            return new Model(id, closed, false);
        };
    }

    private Model get(ModelCache cache, String id) {
        return (Model) cache.get(id, loader(id), null);
    }

    // ---- LRU ----

    @Test
    void aModelIsLoadedOnceAndServedFromTheCacheAfter() {
        var cache = cache(2, ON_CALLER);

        Model first = get(cache, "a");
        Model second = get(cache, "a");

        assertThat(second).isSameAs(first);
        assertThat(loads).containsExactly("a");
        assertThat(cache.stats()).isEqualTo(new ModelCache.Stats(1, 0, 1, 0, 0, 1));
    }

    @Test
    void aNewModelOnAFullCacheEvictsTheLeastRecentlyLoaded() {
        var cache = cache(2, ON_CALLER);
        get(cache, "a");
        get(cache, "b");

        get(cache, "c");

        assertThat(cache.modelIds()).containsExactly("b", "c");
        assertThat(closed).containsExactly("a");
        assertThat(cache.stats().evictions()).isEqualTo(1);
    }

    @Test
    void usingAModelRefreshesItsRecency() {
        var cache = cache(2, ON_CALLER);
        get(cache, "a");
        get(cache, "b");
        get(cache, "a");

        get(cache, "c");

        assertThat(cache.modelIds()).containsExactly("a", "c");
        assertThat(closed).containsExactly("b");
    }

    @Test
    void evictionFollowsRecencyOverALongerSequence() {
        var cache = cache(3, ON_CALLER);
        for (String id : List.of("a", "b", "c", "a", "d", "b", "e", "c")) {
            get(cache, id);
        }
        // a b c | a (b c a) | d evicts b (c a d) | b evicts c (a d b) | e evicts a (d b e) | c evicts d (b e c)
        assertThat(closed).containsExactly("b", "c", "a", "d");
        assertThat(cache.modelIds()).containsExactly("b", "e", "c");
        assertThat(loads).containsExactly("a", "b", "c", "d", "b", "e", "c");
    }

    @Test
    void aCacheOfOneKeepsOnlyTheLastModel() {
        var cache = cache(1, ON_CALLER);
        get(cache, "a");
        get(cache, "b");
        get(cache, "b");

        assertThat(cache.modelIds()).containsExactly("b");
        assertThat(closed).containsExactly("a");
        assertThat(loads).containsExactly("a", "b");
    }

    @Test
    void aCapacityBelowOneIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> cache(0, ON_CALLER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max_num_models_per_replica must be >= 1, was 0");
    }

    @Test
    void modelsThatAreNotAutoCloseableAreDroppedWithoutClosing() {
        var cache = new ModelCache("Model.load", 1, ON_CALLER, (v, ids) -> { });
        cache.get("a", () -> "plain a", null);

        assertThat(cache.get("b", () -> "plain b", null)).isEqualTo("plain b");
        assertThat(cache.modelIds()).containsExactly("b");
        assertThat(cache.stats().closeFailures()).isZero();
    }

    // ---- closing ----

    @Test
    void aCloseFailureIsCountedAndNotThrownAtTheCaller() {
        var cache = cache(1, ON_CALLER);
        cache.get("a", () -> new Model("a", closed, true), null);

        Model b = get(cache, "b");

        assertThat(b.id).isEqualTo("b");
        assertThat(closed).containsExactly("a");
        assertThat(cache.stats().closeFailures()).isEqualTo(1);
    }

    @Test
    void anEvictedModelACallStillUsesIsClosedWhenThatCallEnds() {
        var cache = cache(1, ON_CALLER);
        var call = new RecordingLeases();
        cache.get("a", loader("a"), call);

        get(cache, "b");

        assertThat(cache.modelIds()).containsExactly("b");
        assertThat(closed).as("a is still in use").isEmpty();
        call.end();
        assertThat(closed).containsExactly("a");
        call.end();
        assertThat(closed).as("closed exactly once").containsExactly("a");
    }

    @Test
    void aModelIsClosedOnlyOnceEveryCallUsingItHasEnded() {
        var cache = cache(1, ON_CALLER);
        var first = new RecordingLeases();
        var second = new RecordingLeases();
        cache.get("a", loader("a"), first);
        cache.get("a", loader("a"), second);
        get(cache, "b");

        first.end();
        assertThat(closed).isEmpty();
        second.end();
        assertThat(closed).containsExactly("a");
    }

    @Test
    void aModelLeasedAndReleasedBeforeEvictionIsClosedAtEviction() {
        var cache = cache(1, ON_CALLER);
        var call = new RecordingLeases();
        cache.get("a", loader("a"), call);
        call.end();

        get(cache, "b");

        assertThat(closed).containsExactly("a");
    }

    @Test
    void closingTheCacheClosesEveryModelAndRefusesLaterCalls() {
        var cache = cache(3, ON_CALLER);
        get(cache, "a");
        get(cache, "b");
        var call = new RecordingLeases();
        cache.get("c", loader("c"), call);

        cache.close();

        assertThat(closed).containsExactlyInAnyOrder("a", "b");
        call.end();
        assertThat(closed).containsExactlyInAnyOrder("a", "b", "c");
        assertThatThrownBy(() -> get(cache, "a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the replica is stopping").hasMessageContaining("'a'");
        cache.close();
        assertThat(closed).hasSize(3);
    }

    @Test
    void aLoadFinishingAfterCloseClosesItsModelAndFailsItsCaller() throws Exception {
        var cache = cache(2, ON_NEW_THREAD);
        var loading = new CountDownLatch(1);
        var finish = new CountDownLatch(1);
        Future<Object> caller = call(() -> cache.get("a", () -> {
            loading.countDown();
            finish.await();
            return new Model("a", closed, false);
        }, null));
        assertThat(loading.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        cache.close();
        finish.countDown();

        assertThatThrownBy(() -> caller.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the replica is stopping");
        assertThat(closed).containsExactly("a");
    }

    // ---- loading ----

    @Test
    void concurrentCallsForOneModelShareOneLoad() throws Exception {
        var cache = cache(2, ON_NEW_THREAD);
        var loading = new CountDownLatch(1);
        var finish = new CountDownLatch(1);
        var loaderCalls = new AtomicInteger();
        Callable<Object> slowLoader = () -> {
            loaderCalls.incrementAndGet();
            loading.countDown();
            finish.await();
            return new Model("a", closed, false);
        };
        var callers = new ArrayList<Future<Object>>();
        callers.add(call(() -> cache.get("a", slowLoader, null)));
        assertThat(loading.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 7; i++) {
            callers.add(call(() -> cache.get("a", slowLoader, null)));
        }
        waitUntilHits(cache, 7);

        finish.countDown();

        Object model = callers.getFirst().get(WAIT_SECONDS, TimeUnit.SECONDS);
        for (Future<Object> f : callers) {
            assertThat(f.get(WAIT_SECONDS, TimeUnit.SECONDS)).isSameAs(model);
        }
        assertThat(loaderCalls).hasValue(1);
        assertThat(cache.stats().loads()).isEqualTo(1);
    }

    @Test
    void aFailedLoadFailsEveryWaiterNamingTheModelAndIsNotCached() throws Exception {
        var cache = cache(2, ON_NEW_THREAD);
        var loading = new CountDownLatch(1);
        var finish = new CountDownLatch(1);
        Callable<Object> failing = () -> {
            loading.countDown();
            finish.await();
            throw new IllegalArgumentException("no model named zzz");
        };
        Future<Object> first = call(() -> cache.get("zzz", failing, null));
        assertThat(loading.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Future<Object> second = call(() -> cache.get("zzz", failing, null));
        waitUntilHits(cache, 1);

        finish.countDown();

        for (Future<Object> f : List.of(first, second)) {
            assertThatThrownBy(() -> f.get(WAIT_SECONDS, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(MultiplexedModelLoadException.class)
                    .hasMessage("loading multiplexed model 'zzz' with Model.load failed: "
                            + "java.lang.IllegalArgumentException: no model named zzz")
                    .satisfies(e -> assertThat(((MultiplexedModelLoadException) e).modelId()).isEqualTo("zzz"));
        }
        assertThat(cache.modelIds()).isEmpty();
        assertThat(cache.stats().loadFailures()).isEqualTo(1);
        var retry = new Model("zzz", closed, false);
        assertThat(cache.get("zzz", () -> retry, null)).as("the next call loads again").isSameAs(retry);
    }

    @Test
    void aLoaderRejectingTheIdAsInvalidInputStaysInvalidInput() {
        var cache = cache(2, ON_CALLER);

        assertThatThrownBy(() -> cache.get("zzz", () -> {
            throw new InvalidInputException("unknown model zzz");
        }, null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("loading multiplexed model 'zzz' with Model.load failed: "
                        + "dev.trellis.serve.InvalidInputException: unknown model zzz");
    }

    @Test
    void aLoaderReturningNullIsAFailedLoad() {
        var cache = cache(2, ON_CALLER);

        assertThatThrownBy(() -> cache.get("a", () -> null, null)).isInstanceOf(MultiplexedModelLoadException.class)
                .hasMessage("loading multiplexed model 'a' with Model.load failed: "
                        + "java.lang.IllegalStateException: Model.load returned null");
        assertThat(cache.modelIds()).isEmpty();
    }

    @Test
    void aModelStillLoadingIsNeverEvictedAndTheCacheShrinksBackAfterwards() throws Exception {
        var cache = cache(1, ON_NEW_THREAD);
        var loading = new CountDownLatch(1);
        var finish = new CountDownLatch(1);
        Future<Object> slow = call(() -> cache.get("a", () -> {
            loading.countDown();
            finish.await();
            return new Model("a", closed, false);
        }, null));
        assertThat(loading.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        Model b = get(cache, "b");

        assertThat(closed).as("a was loading, so nothing could be evicted").isEmpty();
        assertThat(cache.modelIds()).containsExactly("b");
        finish.countDown();
        assertThat(((Model) slow.get(WAIT_SECONDS, TimeUnit.SECONDS)).id).isEqualTo("a");
        assertThat(cache.modelIds()).as("a, just loaded, stays; b goes").containsExactly("a");
        assertThat(closed).containsExactly("b");
        assertThat(b.id).isEqualTo("b");
    }

    @Test
    void anInterruptedWaiterIsCancelledWhileTheLoadGoesOnForTheOthers() throws Exception {
        var cache = cache(2, ON_NEW_THREAD);
        var loading = new CountDownLatch(1);
        var finish = new CountDownLatch(1);
        Callable<Object> slowLoader = () -> {
            loading.countDown();
            finish.await();
            return new Model("a", closed, false);
        };
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                cache.get("a", slowLoader, null);
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        threads.add(waiter);
        assertThat(loading.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        finish.countDown();

        assertThat(failure.get()).isInstanceOf(RequestCancelledException.class)
                .hasMessage("interrupted while waiting for multiplexed model 'a' to load");
        Future<Object> later = call(() -> cache.get("a", slowLoader, null));
        assertThat(((Model) later.get(WAIT_SECONDS, TimeUnit.SECONDS)).id).isEqualTo("a");
        assertThat(cache.stats().loads()).isEqualTo(1);
    }

    // ---- reporting ----

    @Test
    void everyChangeOfTheLoadedIdsIsReportedWithAHigherVersion() {
        var cache = cache(2, ON_CALLER);
        get(cache, "a");
        get(cache, "b");
        get(cache, "a");
        get(cache, "c");

        assertThat(reports).containsExactly(Set.of("a"), Set.of("a", "b"), Set.of("a"), Set.of("a", "c"));
        assertThat(versions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aFailedLoadReportsNothing() {
        var cache = cache(2, ON_CALLER);

        assertThatThrownBy(() -> cache.get("a", () -> {
            throw new IllegalStateException("broken");
        }, null)).isInstanceOf(MultiplexedModelLoadException.class);

        assertThat(reports).isEmpty();
    }

    // ---- helpers ----

    /** A call's leases: {@link #end} releases what the call took, as a replica does when the call returns. */
    static final class RecordingLeases implements ModelCache.Leases {
        private final List<Runnable> releases = new ArrayList<>();

        @Override
        public void add(Runnable release) {
            releases.add(release);
        }

        void end() {
            releases.forEach(Runnable::run);
            releases.clear();
        }
    }

    private <V> Future<V> call(Callable<V> task) {
        var future = new java.util.concurrent.CompletableFuture<V>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                future.complete(task.call());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        threads.add(t);
        return future;
    }

    /** Waits until {@code n} calls found their model loaded or loading (they are then waiting for it). */
    private static void waitUntilHits(ModelCache cache, long n) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(WAIT_SECONDS))
                .pollInterval(java.time.Duration.ofMillis(5))
                .until(() -> cache.stats().hits() >= n);
    }
}
