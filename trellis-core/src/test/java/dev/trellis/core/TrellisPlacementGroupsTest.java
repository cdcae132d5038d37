package dev.trellis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Placement groups on an embedded node of 3 CPUs. */
class TrellisPlacementGroupsTest {
    static volatile CountDownLatch gate = new CountDownLatch(0);
    static volatile CountDownLatch started = new CountDownLatch(0);

    static String held(String name) throws InterruptedException {
        started.countDown();
        if (!gate.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
        return name;
    }

    static int plusOne(int x) {
        return x + 1;
    }

    @BeforeEach
    void start() {
        gate = new CountDownLatch(1);
        started = new CountDownLatch(1);
        Trellis.init(TrellisOptions.builder().numCpus(3).customResources(Map.of("accelerator", 2)).build());
    }

    @AfterEach
    void stop() {
        gate.countDown();
        Trellis.shutdown();
    }

    private static double freeCpus() {
        return Trellis.nodes().getFirst().available().cpus();
    }

    private static final List<Map<String, Integer>> TWO_CPU_BUNDLES = List.of(Map.of("CPU", 1), Map.of("CPU", 1));

    @Test
    void aGroupReservesItsBundlesAndTasksRunInsideThem() {
        PlacementGroup pg = Trellis.placementGroup(TWO_CPU_BUNDLES, PlacementStrategy.STRICT_PACK, "pair");
        assertThat(pg.await(Duration.ofSeconds(10))).isTrue();
        assertThat(pg.ready().toCompletableFuture()).isCompleted();
        assertThat(pg.name()).contains("pair");
        assertThat(freeCpus()).as("two of three CPUs reserved").isEqualTo(1.0);

        for (int bundle : new int[] {0, 1, -1}) {
            assertThat(Trellis.task(TrellisPlacementGroupsTest::plusOne, bundle)
                    .options(o -> o.schedulingStrategy(SchedulingStrategy.placementGroup(pg, bundle))).remote()
                    .get(Duration.ofSeconds(10))).isEqualTo(bundle + 1);
        }
        assertThatThrownBy(() -> Trellis.task(TrellisPlacementGroupsTest::plusOne, 1)
                .options(o -> o.numCpus(2).schedulingStrategy(SchedulingStrategy.placementGroup(pg, 0))).remote()
                .get(Duration.ofSeconds(10)))
                .isInstanceOf(UnschedulableException.class)
                .hasMessageContaining("asks for {CPU: 2, GPU: 0} but bundle 0 of placement group " + pg.id()
                        + " has {CPU: 1, GPU: 0}");
    }

    @Test
    void workInABundleDrawsOnTheBundleNotOnTheNode() throws Exception {
        PlacementGroup pg = Trellis.placementGroup(List.of(Map.of("CPU", 1)), PlacementStrategy.PACK);
        assertThat(pg.await(Duration.ofSeconds(10))).isTrue();
        var inBundle = SchedulingStrategy.placementGroup(pg, 0);
        ObjectRef<String> first = Trellis.task(TrellisPlacementGroupsTest::held, "first")
                .options(o -> o.schedulingStrategy(inBundle)).remote();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        ObjectRef<Integer> second = Trellis.task(TrellisPlacementGroupsTest::plusOne, 1)
                .options(o -> o.schedulingStrategy(inBundle)).remote();
        // The node has 2 CPUs free, but the bundle's one CPU is taken: the second waits for the first.
        assertThat(freeCpus()).isEqualTo(2.0);
        assertThat(Trellis.task(TrellisPlacementGroupsTest::plusOne, 10).remote().get(Duration.ofSeconds(10))).isEqualTo(11);
        assertThat(second.isReady()).isFalse();
        gate.countDown();
        assertThat(first.get(Duration.ofSeconds(10))).isEqualTo("first");
        assertThat(second.get(Duration.ofSeconds(10))).isEqualTo(2);
    }

    @Test
    void aGroupThatCannotBePlacedNowWaitsAndIsPlacedWhenResourcesFree() throws Exception {
        ObjectRef<String> hog = Trellis.task(TrellisPlacementGroupsTest::held, "hog").options(o -> o.numCpus(3)).remote();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        PlacementGroup pg = Trellis.placementGroup(TWO_CPU_BUNDLES, PlacementStrategy.PACK);
        assertThat(pg.await(Duration.ofMillis(300))).isFalse();
        assertThat(Trellis.nodes().getFirst().pending()).anyMatch(p -> p.contains("placement group " + pg.id()));
        gate.countDown();
        assertThat(hog.get(Duration.ofSeconds(10))).isEqualTo("hog");
        assertThat(pg.await(Duration.ofSeconds(10))).isTrue();
        assertThat(freeCpus()).isEqualTo(1.0);
    }

    @Test
    void aGroupNoNodeCanEverHoldFailsNamingTheResources() {
        PlacementGroup big = Trellis.placementGroup(List.of(Map.of("CPU", 8)), PlacementStrategy.PACK);
        assertThatThrownBy(() -> big.await(Duration.ofSeconds(10))).isInstanceOf(UnschedulableException.class)
                .hasMessageContaining("placement group " + big.id() + " cannot be placed")
                .hasMessageContaining("CPU: 8");
        PlacementGroup spread = Trellis.placementGroup(TWO_CPU_BUNDLES, PlacementStrategy.STRICT_SPREAD);
        assertThatThrownBy(() -> spread.await(Duration.ofSeconds(10))).isInstanceOf(UnschedulableException.class)
                .hasMessageContaining("cannot be placed");
        assertThat(freeCpus()).isEqualTo(3.0);
    }

    @Test
    void removingAGroupFreesItsResourcesFailsWaitingWorkAndStopsItsActors() throws Exception {
        PlacementGroup pg = Trellis.placementGroup(List.of(Map.of("CPU", 1), Map.of("accelerator", 1)),
                PlacementStrategy.PACK);
        assertThat(pg.await(Duration.ofSeconds(10))).isTrue();
        ActorHandle<CoreFns.Counter> counter = Trellis.actor(CoreFns.Counter::new, 5)
                .options(o -> o.resources(Map.of("accelerator", 1)).schedulingStrategy(SchedulingStrategy.placementGroup(pg, 1)))
                .remote();
        assertThat(counter.task(CoreFns.Counter::increment, 1).remote().get(Duration.ofSeconds(10))).isEqualTo(6);
        assertThat(Trellis.nodes().getFirst().available().custom()).containsEntry("accelerator", 1.0);

        ObjectRef<String> running = Trellis.task(TrellisPlacementGroupsTest::held, "running")
                .options(o -> o.schedulingStrategy(SchedulingStrategy.placementGroup(pg, 0))).remote();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        ObjectRef<Integer> waiting = Trellis.task(TrellisPlacementGroupsTest::plusOne, 1)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.placementGroup(pg, 0))).remote();

        Trellis.removePlacementGroup(pg);
        assertThatThrownBy(() -> waiting.get(Duration.ofSeconds(10))).isInstanceOf(UnschedulableException.class)
                .hasMessageContaining("was removed");
        assertThatThrownBy(() -> counter.task(CoreFns.Counter::increment, 1).remote().get(Duration.ofSeconds(10)))
                .isInstanceOf(ActorDiedException.class).hasMessageContaining("placement group " + pg.id() + " was removed");
        gate.countDown();
        assertThat(running.get(Duration.ofSeconds(10))).as("running work finishes").isEqualTo("running");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> freeCpus() == 3.0
                && Trellis.nodes().getFirst().available().custom().get("accelerator") == 2.0);
        assertThatThrownBy(() -> Trellis.task(TrellisPlacementGroupsTest::plusOne, 1)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.placementGroup(pg, 0))).remote()
                .get(Duration.ofSeconds(10))).isInstanceOf(UnschedulableException.class)
                .hasMessageContaining("placement group " + pg.id() + " was removed");
        assertThatThrownBy(() -> Trellis.removePlacementGroup(pg)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already removed");
    }

    /** Runs in a bundle and waits on a task in the same bundle: it can run only on the CPU this one lends. */
    static int nested(PlacementGroup pg, int x) {
        var inBundle = SchedulingStrategy.placementGroup(pg, 0);
        ObjectRef<Integer> inner = Trellis.task(TrellisPlacementGroupsTest::plusOne, x)
                .options(o -> o.schedulingStrategy(inBundle)).remote();
        ObjectRef<Integer> viaWait = Trellis.task(TrellisPlacementGroupsTest::plusOne, x + 1)
                .options(o -> o.schedulingStrategy(inBundle)).remote();
        if (Trellis.wait(List.of(viaWait), 1, Duration.ofSeconds(10)).ready().isEmpty()) {
            throw new IllegalStateException("the task waited on with Trellis.wait never ran in the bundle");
        }
        return inner.get(Duration.ofSeconds(10)) + viaWait.get(Duration.ofSeconds(1));
    }

    @Test
    void aTaskBlockedInItsBundleLendsTheBundlesCpuSoNestedTasksInTheBundleRun() {
        PlacementGroup pg = Trellis.placementGroup(List.of(Map.of("CPU", 1)), PlacementStrategy.PACK);
        assertThat(pg.await(Duration.ofSeconds(10))).isTrue();
        ObjectRef<Integer> outer = Trellis.task(TrellisPlacementGroupsTest::nested, pg, 1)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.placementGroup(pg, 0))).remote();
        assertThat(outer.get(Duration.ofSeconds(20))).isEqualTo(2 + 3);
        assertThat(freeCpus()).as("the lent CPU went to the bundle, not the node").isEqualTo(2.0);
    }

    @Test
    void readyIsAnObjectRefForGetAndWait() {
        PlacementGroup pg = Trellis.placementGroup(TWO_CPU_BUNDLES, PlacementStrategy.PACK);
        ObjectRef<Boolean> ready = pg.ready();
        assertThat(Trellis.wait(List.of(ready), 1, Duration.ofSeconds(10)).ready()).containsExactly(ready);
        assertThat(Trellis.get(List.of(ready, pg.ready()), Duration.ofSeconds(10))).containsExactly(true, true);
        Trellis.removePlacementGroup(pg);
        assertThatThrownBy(() -> pg.ready().get(Duration.ofSeconds(10))).isInstanceOf(UnschedulableException.class)
                .hasMessageContaining("placement group " + pg.id() + " was removed");
        assertThatThrownBy(() -> pg.await(Duration.ofSeconds(10))).isInstanceOf(UnschedulableException.class);
    }

    @Test
    void theTableListsEachGroupWithItsStateBundleNodesAndWhyItWaits() throws Exception {
        ObjectRef<String> hog = Trellis.task(TrellisPlacementGroupsTest::held, "hog").options(o -> o.numCpus(3)).remote();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        PlacementGroup waiting = Trellis.placementGroup(TWO_CPU_BUNDLES, PlacementStrategy.STRICT_PACK, "waiting");
        PlacementGroup never = Trellis.placementGroup(List.of(Map.of("CPU", 8)), PlacementStrategy.PACK);
        assertThatThrownBy(() -> never.await(Duration.ofSeconds(10))).isInstanceOf(UnschedulableException.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> info(waiting).reason().contains("fits no node"));
        PlacementGroupInfo pending = info(waiting);
        assertThat(pending.state()).isEqualTo(PlacementGroupInfo.State.PENDING);
        assertThat(pending.name()).isEqualTo("waiting");
        assertThat(pending.strategy()).isEqualTo(PlacementStrategy.STRICT_PACK);
        assertThat(pending.creatorNode()).isEqualTo(Trellis.nodeId());
        assertThat(pending.bundleNodes()).isEmpty();
        assertThat(pending.reason()).contains("bundle 0 {CPU: 1, GPU: 0} fits no node's free resources")
                .contains(Trellis.nodeId() + " {CPU: 0, GPU: 0");
        assertThat(Trellis.nodes().getFirst().pending()).anyMatch(p -> p.contains("placement group " + waiting.id()
                + " 'waiting'") && p.contains("PENDING, bundle 0"));
        assertThat(info(never).state()).isEqualTo(PlacementGroupInfo.State.INFEASIBLE);
        assertThat(info(never).reason()).contains("cannot be placed").contains("CPU: 8");

        gate.countDown();
        assertThat(hog.get(Duration.ofSeconds(10))).isEqualTo("hog");
        assertThat(waiting.await(Duration.ofSeconds(10))).isTrue();
        PlacementGroupInfo created = info(waiting);
        assertThat(created.state()).isEqualTo(PlacementGroupInfo.State.CREATED);
        assertThat(created.bundleNodes()).isEqualTo(Map.of(0, Trellis.nodeId(), 1, Trellis.nodeId()));
        assertThat(created.reason()).isNull();
        assertThat(Trellis.nodes().getFirst().placementGroups()).extracting(PlacementGroupInfo::id)
                .containsExactly(waiting.id(), never.id());

        Trellis.removePlacementGroup(waiting);
        assertThat(info(waiting).state()).isEqualTo(PlacementGroupInfo.State.REMOVED);
        assertThat(info(waiting).reason()).isEqualTo("placement group " + waiting.id() + " 'waiting' was removed");
        assertThat(info(waiting).bundleNodes()).isEmpty();
    }

    private static PlacementGroupInfo info(PlacementGroup pg) {
        return Trellis.placementGroups().stream().filter(i -> i.id().equals(pg.id())).findFirst().orElseThrow();
    }

    @Test
    void aNamedGroupIsFoundByNameAndItsNameIsUniqueUntilItIsRemoved() {
        PlacementGroup pg = Trellis.placementGroup(TWO_CPU_BUNDLES, PlacementStrategy.PACK, "trainers");
        assertThat(Trellis.getPlacementGroup("trainers")).contains(pg);
        assertThat(Trellis.getPlacementGroup("nobody")).isEmpty();
        assertThatThrownBy(() -> Trellis.placementGroup(TWO_CPU_BUNDLES, PlacementStrategy.PACK, "trainers"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a placement group named 'trainers' already exists");
        Trellis.removePlacementGroup(pg);
        assertThat(Trellis.getPlacementGroup("trainers")).isEmpty();
        assertThat(Trellis.placementGroup(TWO_CPU_BUNDLES, PlacementStrategy.PACK, "trainers").await(Duration.ofSeconds(10)))
                .isTrue();
    }

    @Test
    void badGroupsAndIndexesAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> Trellis.placementGroup(List.of(), PlacementStrategy.PACK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one bundle");
        assertThatThrownBy(() -> Trellis.placementGroup(List.of(Map.of("CPU", 1), Map.of()), PlacementStrategy.PACK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bundle 1 of the placement group asks for no resources");
        assertThatThrownBy(() -> Trellis.placementGroup(List.of(Map.of("CPU", -1)), PlacementStrategy.PACK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bundle 0 CPU must be a finite number >= 0, was -1.0");
        PlacementGroup pg = Trellis.placementGroup(TWO_CPU_BUNDLES, PlacementStrategy.PACK);
        assertThatThrownBy(() -> SchedulingStrategy.placementGroup(pg, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("placement_group_bundle_index must be -1 (any) or 0 to 1")
                .hasMessageContaining("was 2");
    }
}
