package dev.trellis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node metrics of {@link Trellis#bindMetrics}: each counter moves at the place in the runtime it names. */
class TrellisMetricsTest {
    private static final int MB = 1 << 20;
    private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();
    private static volatile CountDownLatch release = new CountDownLatch(0);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MetricsBinding binding;

    @TempDir
    Path spill;

    @AfterEach
    void stop() {
        release.countDown();
        Trellis.shutdown();
        if (binding != null) {
            binding.close();
        }
    }

    static int failsTheFirstTime(int x) {
        if (FLAKY_CALLS.getAndIncrement() == 0) {
            throw new IllegalStateException("first attempt fails");
        }
        return x;
    }

    static int waitForRelease() throws InterruptedException {
        if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the task");
        }
        return 1;
    }

    private void start(TrellisOptions options) {
        Trellis.init(options);
        binding = Trellis.bindMetrics(registry);
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tag("node_id", Trellis.nodeId()).tags(tags).functionCounter().count();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tag("node_id", Trellis.nodeId()).tags(tags).gauge().value();
    }

    @Test
    void tasksAreCountedAsSubmittedFinishedFailedAndRetried() {
        start(TrellisOptions.builder().numCpus(1).build());
        FLAKY_CALLS.set(0);
        var ok = new ArrayList<ObjectRef<Integer>>();
        for (int i = 0; i < 3; i++) {
            ok.add(Trellis.task(CoreFns::square, i).remote());
        }
        ObjectRef<Integer> failing = Trellis.task(CoreFns::divide, 1, 0).remote();
        ObjectRef<Integer> retried = Trellis.task(TrellisMetricsTest::failsTheFirstTime, 7)
                .options(o -> o.retryExceptions(true).maxRetries(1)).remote();

        assertThat(Trellis.get(ok)).containsExactly(0, 1, 4);
        assertThat(retried.get()).isEqualTo(7);
        assertThatThrownBy(failing::get).isInstanceOf(TaskFailedException.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(counter("trellis.core.tasks.submitted")).isEqualTo(5);
            assertThat(counter("trellis.core.tasks.finished")).isEqualTo(4);
            assertThat(counter("trellis.core.tasks.failed")).isEqualTo(1);
            assertThat(counter("trellis.core.tasks.retried")).isEqualTo(1);
            assertThat(counter("trellis.core.task.runs", "outcome", "returned")).isEqualTo(4);
            assertThat(counter("trellis.core.task.runs", "outcome", "threw")).as("the failing one and the retried one's first run")
                    .isEqualTo(2);
            assertThat(gauge("trellis.core.tasks", "state", "RUNNING")).isZero();
            assertThat(gauge("trellis.core.tasks", "state", "PENDING")).isZero();
        });
    }

    @Test
    void aTaskWaitingForACpuIsPendingWhileTheOneHoldingItIsRunning() {
        start(TrellisOptions.builder().numCpus(1).build());
        release = new CountDownLatch(1);
        ObjectRef<Integer> first = Trellis.task(TrellisMetricsTest::waitForRelease).remote();
        ObjectRef<Integer> second = Trellis.task(TrellisMetricsTest::waitForRelease).remote();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gauge("trellis.core.tasks", "state", "RUNNING")).isEqualTo(1);
            assertThat(gauge("trellis.core.tasks", "state", "PENDING")).isEqualTo(1);
        });
        release.countDown();
        assertThat(first.get() + second.get()).isEqualTo(2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gauge("trellis.core.tasks", "state", "RUNNING")).isZero();
            assertThat(gauge("trellis.core.tasks", "state", "PENDING")).isZero();
        });
    }

    @Test
    void actorsAreCountedByStateAndTheirRestartsCounted() {
        start(TrellisOptions.builder().numCpus(1).build());
        ActorHandle<CoreFns.Counter> counter = Trellis.actor(CoreFns.Counter::new, 0)
                .options(o -> o.maxRestarts(1)).remote();
        assertThat(counter.task(CoreFns.Counter::increment, 1).remote().get()).isEqualTo(1);
        assertThat(gauge("trellis.core.actors", "state", "ALIVE")).isEqualTo(1);
        assertThat(counter("trellis.core.actor.restarts")).isZero();

        Trellis.kill(counter, false);
        assertThat(counter.task(CoreFns.Counter::value).remote().get()).as("a fresh instance").isZero();
        assertThat(counter("trellis.core.actor.restarts")).isEqualTo(1);
        assertThat(gauge("trellis.core.actors", "state", "ALIVE")).isEqualTo(1);

        Trellis.kill(counter);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(gauge("trellis.core.actors", "state", "ALIVE")).isZero());
        assertThat(gauge("trellis.core.actors", "state", "PENDING")).isZero();
        assertThat(gauge("trellis.core.actors", "state", "RESTARTING")).isZero();
    }

    @Test
    void putsOverTheBudgetAreCountedAsSpillsAndGetsOfThemAsRestores() {
        long budget = 8L * MB;
        start(TrellisOptions.builder().numCpus(1).objectStoreBytes(budget).spillDirectory(spill).build());
        var refs = new ArrayList<ObjectRef<double[]>>();
        for (int i = 0; i < 6; i++) {
            refs.add(Trellis.put(new double[MB / 4])); // 2 MB each: 12 MB in an 8 MB store
        }
        NodeInfo node = Trellis.nodes().getFirst();
        double spills = counter("trellis.core.spill.manager.request", "type", "Spilled");
        assertThat(spills).isGreaterThanOrEqualTo(2);
        assertThat(counter("trellis.core.spill.manager.bytes", "type", "Spilled")).isGreaterThanOrEqualTo(spills * 2 * MB);
        assertThat(gauge("trellis.core.object.store.memory", "location", "SPILLED")).isEqualTo(node.spilledBytes());
        assertThat(gauge("trellis.core.object.store.memory", "location", "IN_MEMORY"))
                .isEqualTo(node.objectStoreBytes()).isLessThanOrEqualTo(budget);
        assertThat(gauge("trellis.core.object.store.available.memory")).isEqualTo(budget - node.objectStoreBytes());
        assertThat(gauge("trellis.core.object.store.num.local.objects")).isEqualTo(6);
        assertThat(counter("trellis.core.spill.manager.request", "type", "Restored")).isZero();

        List<double[]> back = Trellis.get(refs);
        assertThat(back).hasSize(6);
        double restores = counter("trellis.core.spill.manager.request", "type", "Restored");
        assertThat(restores).isGreaterThanOrEqualTo(2);
        assertThat(counter("trellis.core.spill.manager.bytes", "type", "Restored")).isGreaterThanOrEqualTo(restores * 2 * MB);
    }

    @Test
    void aBindingFollowsEveryNodeStartedLaterAndTheirMetersLeaveWithThem() {
        binding = Trellis.bindMetrics(registry);
        assertThat(registry.find("trellis.core.tasks.submitted").meters()).isEmpty();

        Trellis.init(TrellisOptions.builder().numCpus(1).build());
        String first = Trellis.nodeId();
        Trellis.task(CoreFns::square, 2).remote().get();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(counter("trellis.core.tasks.submitted")).isEqualTo(1));
        Trellis.shutdown();
        assertThat(registry.find("trellis.core.tasks.submitted").meters()).isEmpty();

        Trellis.init(TrellisOptions.builder().numCpus(1).build());
        assertThat(Trellis.nodeId()).isNotEqualTo(first);
        assertThat(counter("trellis.core.tasks.submitted")).as("a new node counts from zero").isZero();

        binding.close();
        assertThat(registry.getMeters()).isEmpty();
    }
}
