package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.ObjectRef;
import dev.trellis.core.PlacementGroup;
import dev.trellis.core.PlacementGroupInfo;
import dev.trellis.core.PlacementGroupInfo.State;
import dev.trellis.core.PlacementStrategy;
import dev.trellis.core.Resources;
import dev.trellis.core.SchedulingStrategy;
import dev.trellis.core.TaskOptions;
import dev.trellis.core.UnschedulableException;
import dev.trellis.core.function.TrellisFunc1;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Placement groups used from nodes other than their creator, over an {@link InMemoryCluster}:
 * the real agents, messages and ledgers in one JVM. A driver (no CPUs) creates most groups;
 * 1-CPU workers host the bundles and use the groups too.
 */
class PlacementGroupsClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Semaphore STARTED = new Semaphore(0);
    private static final AtomicReference<PlacementGroup> RECEIVED = new AtomicReference<>();
    private static volatile CountDownLatch gate = new CountDownLatch(1);

    private final InMemoryCluster cluster = new InMemoryCluster();
    private NodeRuntime driver;

    static String held(String label) throws InterruptedException {
        STARTED.release();
        if (!gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never opened the gate");
        }
        return label;
    }

    static int plusOne(int x) {
        return x + 1;
    }

    /** Runs on the node the handle was sent to: keeps the handle and says whether the group is ready there. */
    static boolean keep(PlacementGroup pg) {
        RECEIVED.set(pg);
        return pg.ready().get(Duration.ofSeconds(20));
    }

    @BeforeEach
    void start() {
        STARTED.drainPermits();
        RECEIVED.set(null);
        gate = new CountDownLatch(1);
        driver = cluster.start("driver", 0);
    }

    @AfterEach
    void stop() {
        gate.countDown();
        cluster.close();
    }

    private List<NodeRuntime> workers(int n) {
        List<NodeRuntime> out = IntStream.range(0, n).mapToObj(i -> cluster.start("worker", 1)).toList();
        Awaitility.await().atMost(WAIT).until(() -> driver.peers().nodes().size() == n + 1);
        return out;
    }

    private static PlacementGroup oneCpuGroup(NodeRuntime creator, String name) {
        PlacementGroup pg = creator.createPlacementGroup(List.of(Resources.of(1, 0)), PlacementStrategy.PACK, name);
        assertThat(pg.await(WAIT)).isTrue();
        return pg;
    }

    private static TaskOptions inBundle(PlacementGroup pg, int bundle) {
        return TaskOptions.builder().schedulingStrategy(SchedulingStrategy.placementGroup(pg, bundle)).build();
    }

    private static ObjectRef<String> held(NodeRuntime from, PlacementGroup pg, String label) {
        return from.submitTask((TrellisFunc1<String, String>) PlacementGroupsClusterTest::held, new Object[] {label},
                inBundle(pg, 0));
    }

    private static ObjectRef<Integer> plusOne(NodeRuntime from, PlacementGroup pg, int x) {
        return from.submitTask((TrellisFunc1<Integer, Integer>) PlacementGroupsClusterTest::plusOne, new Object[] {x},
                inBundle(pg, 0));
    }

    private static PlacementGroupInfo info(NodeRuntime node, PlacementGroup pg) {
        return node.placementGroupTable().stream().filter(i -> i.id().equals(pg.id())).findFirst().orElseThrow();
    }

    private static NodeRuntime on(List<NodeRuntime> nodes, String id) {
        return nodes.stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow();
    }

    private static NodeRuntime notOn(List<NodeRuntime> nodes, String id) {
        return nodes.stream().filter(n -> !n.nodeId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aGroupFoundByNameRunsTheOtherNodesTasksInItsBundleAndTheTableShowsWhereBundlesAre() {
        List<NodeRuntime> workers = workers(2);
        PlacementGroup pg = oneCpuGroup(driver, "train");
        PlacementGroupInfo created = info(driver, pg);
        assertThat(created.state()).isEqualTo(State.CREATED);
        assertThat(created.creatorNode()).isEqualTo(driver.nodeId());
        assertThat(created.name()).isEqualTo("train");
        assertThat(created.reason()).isNull();
        NodeRuntime host = on(workers, created.bundleNodes().get(0));
        NodeRuntime other = notOn(workers, host.nodeId());

        PlacementGroup found = other.getPlacementGroup("train").orElseThrow();
        assertThat(found).isEqualTo(pg);
        assertThat(found.creatorNode()).isEqualTo(driver.nodeId());
        assertThat(found.bundles()).isEqualTo(pg.bundles());
        assertThat(found.ready().get(WAIT)).isTrue();
        assertThat(other.getPlacementGroup("no-such-group")).isEmpty();

        ObjectRef<String> first = held(other, found, "first");
        assertThat(tryAcquire(1)).isTrue();
        assertThat(host.placementGroups().bundleLedger(pg.id(), 0).running()).isEqualTo(1);
        assertThat(other.scheduler().running()).as("not on the submitting node").isZero();
        // The bundle's one CPU is taken: the next task waits in the bundle, though the submitter has a CPU free.
        ObjectRef<String> second = held(other, found, "second");
        Awaitility.await().atMost(WAIT).until(() -> host.placementGroups().bundleLedger(pg.id(), 0).waiting() == 1);
        gate.countDown();
        assertThat(first.get(WAIT)).isEqualTo("first");
        assertThat(second.get(WAIT)).isEqualTo("second");

        // Other nodes see the group in the creator's report.
        Awaitility.await().atMost(WAIT).until(() -> other.placementGroupTable().stream()
                .anyMatch(i -> i.id().equals(pg.id()) && i.state() == State.CREATED
                        && i.bundleNodes().equals(Map.of(0, host.nodeId()))));
        assertThat(other.nodes().stream().filter(n -> n.nodeId().equals(driver.nodeId())).findFirst().orElseThrow()
                .placementGroups()).extracting(PlacementGroupInfo::id).contains(pg.id());
    }

    @Test
    void aGroupPassedAsAnArgumentIsUsableOnTheNodeThatGotItAndCanBeRemovedFromThere() {
        List<NodeRuntime> workers = workers(2);
        PlacementGroup pg = oneCpuGroup(driver, null);
        NodeRuntime host = on(workers, info(driver, pg).bundleNodes().get(0));
        NodeRuntime other = notOn(workers, host.nodeId());

        ObjectRef<Boolean> ready = driver.submitTask((TrellisFunc1<PlacementGroup, Boolean>) PlacementGroupsClusterTest::keep,
                new Object[] {pg}, TaskOptions.builder()
                        .schedulingStrategy(SchedulingStrategy.nodeAffinity(other.nodeId(), false)).build());
        assertThat(ready.get(WAIT)).as("ready() on the node that got the handle").isTrue();
        PlacementGroup received = RECEIVED.get();
        assertThat(received).isNotSameAs(pg).isEqualTo(pg);
        assertThat(plusOne(other, received, 41).get(WAIT)).isEqualTo(42);
        assertThat(host.scheduler().available().cpus()).as("the bundle holds the host's CPU").isZero();

        other.removePlacementGroup(received);
        assertThat(info(driver, pg).state()).isEqualTo(State.REMOVED);
        assertThat(info(driver, pg).reason()).contains("was removed (by node " + other.nodeId() + ")");
        assertThat(info(driver, pg).bundleNodes()).isEmpty();
        Awaitility.await().atMost(WAIT).until(() -> host.scheduler().available().cpus() == 1.0);
        assertThatThrownBy(() -> plusOne(other, received, 1).get(WAIT)).isInstanceOf(UnschedulableException.class)
                .hasMessageContaining("placement group " + pg.id() + " was removed");
        assertThatThrownBy(() -> received.ready().get(WAIT)).isInstanceOf(UnschedulableException.class);
        assertThatThrownBy(() -> other.removePlacementGroup(received)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be removed").hasMessageContaining("was removed");
    }

    @Test
    void whenABundlesNodeDiesTheNodesUsingTheGroupFollowItToItsNewNode() {
        List<NodeRuntime> workers = workers(3);
        PlacementGroup pg = oneCpuGroup(driver, "moving");
        NodeRuntime host = on(workers, info(driver, pg).bundleNodes().get(0));
        NodeRuntime user = notOn(workers, host.nodeId());
        PlacementGroup seen = user.getPlacementGroup("moving").orElseThrow();
        assertThat(plusOne(user, seen, 1).get(WAIT)).isEqualTo(2);

        cluster.kill(host);
        Awaitility.await().atMost(WAIT).until(() -> {
            PlacementGroupInfo now = info(driver, pg);
            return now.state() == State.CREATED && !now.bundleNodes().get(0).equals(host.nodeId());
        });
        String newHost = info(driver, pg).bundleNodes().get(0);
        ObjectRef<String> after = held(user, seen, "after");
        assertThat(tryAcquire(1)).isTrue();
        assertThat(on(workers, newHost).placementGroups().bundleLedger(pg.id(), 0).running()).isEqualTo(1);
        gate.countDown();
        assertThat(after.get(WAIT)).isEqualTo("after");
    }

    @Test
    void whenAGroupsCreatorDiesTheNodesUsingItAreToldAndItsBundlesAreFreed() {
        List<NodeRuntime> workers = workers(2);
        NodeRuntime creator = workers.get(0);
        NodeRuntime survivor = workers.get(1);
        // The creator's own CPU is busy, so the bundle goes to the survivor.
        ObjectRef<String> busy = creator.submitTask((TrellisFunc1<String, String>) PlacementGroupsClusterTest::held,
                new Object[] {"busy"}, TaskOptions.builder()
                        .schedulingStrategy(SchedulingStrategy.nodeAffinity(creator.nodeId(), false)).build());
        assertThat(tryAcquire(1)).isTrue();
        PlacementGroup pg = oneCpuGroup(creator, "orphan");
        assertThat(info(creator, pg).bundleNodes()).containsEntry(0, survivor.nodeId());
        PlacementGroup found = driver.getPlacementGroup("orphan").orElseThrow();
        assertThat(found.await(WAIT)).isTrue();
        assertThat(busy.isReady()).isFalse();

        cluster.kill(creator);
        Awaitility.await().atMost(WAIT).until(() -> survivor.scheduler().available().cpus() == 1.0);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> plusOne(driver, found, 1).get(WAIT))
                .isInstanceOf(UnschedulableException.class)
                .hasMessageContaining("its creator, node " + creator.nodeId() + ", died"));
        assertThat(driver.getPlacementGroup("orphan")).as("its name went with it").isEmpty();
    }

    private static boolean tryAcquire(int permits) {
        try {
            return STARTED.tryAcquire(permits, 20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
