package dev.trellis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.testing.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import dev.trellis.core.testing.ChildLogsOnFailure;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real cluster on loopback: a head and two workers as separate JVMs (1 CPU each), this test's
 * JVM as the driver. Workers are killed with SIGKILL in the later tests, so the order matters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
@ExtendWith(ChildLogsOnFailure.class)
class ClusterMultiJvmTest {
    private static final String NODE_MAIN = "dev.trellis.core.internal.runtime.NodeMain";
    private static final String READY = "trellis node (\\S+) ready at";
    private static final List<ChildJvm> JVMS = new ArrayList<>();
    private static String worker1;
    private static String worker2;

    @BeforeAll
    static void startCluster() throws Exception {
        int port = ChildJvm.freePort();
        ChildJvm head = start("head", "--head", "--cluster-port", String.valueOf(port), "--num-cpus", "1");
        head.awaitLine(READY, Duration.ofSeconds(60));
        ChildJvm w1 = start("worker1", "--address", "127.0.0.1:" + port, "--num-cpus", "1");
        ChildJvm w2 = start("worker2", "--address", "127.0.0.1:" + port, "--num-cpus", "1");
        worker1 = w1.awaitLine(READY, Duration.ofSeconds(60)).group(1);
        worker2 = w2.awaitLine(READY, Duration.ofSeconds(60)).group(1);
        Trellis.init(TrellisOptions.connect("127.0.0.1:" + port));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                Trellis.nodes().stream().filter(n -> !n.role().equals("driver")).count() == 3);
    }

    private static ChildJvm start(String name, String... args) throws Exception {
        ChildJvm jvm = ChildJvm.start(name, "1500m", NODE_MAIN, args);
        JVMS.add(jvm);
        return jvm;
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            Trellis.shutdown();
        } finally {
            for (ChildJvm jvm : JVMS) {
                jvm.close();
            }
        }
    }

    static String nodeAfter(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return Trellis.nodeId();
    }

    static long length(byte[] bytes) {
        return bytes.length;
    }

    static byte[] filled(int size, byte value) {
        byte[] out = new byte[size];
        Arrays.fill(out, value);
        return out;
    }

    @Test
    @Order(1)
    void theDriverSeesEveryNodeWithItsResources() {
        List<NodeInfo> nodes = Trellis.nodes();
        assertThat(nodes).extracting(NodeInfo::role).containsOnly("head", "worker", "driver");
        assertThat(nodes.stream().filter(n -> n.role().equals("worker")).map(NodeInfo::nodeId))
                .containsExactlyInAnyOrder(worker1, worker2);
        assertThat(nodes.stream().filter(n -> !n.role().equals("driver")).mapToDouble(n -> n.total().cpus()).sum())
                .isEqualTo(3.0);
    }

    @Test
    @Order(2)
    void tasksThatCannotAllFitOnOneNodeSpreadOverTheCluster() {
        var refs = new ArrayList<ObjectRef<String>>();
        for (int i = 0; i < 6; i++) {
            refs.add(Trellis.task(ClusterMultiJvmTest::nodeAfter, 400).remote());
        }
        Set<String> ran = new HashSet<>(Trellis.get(refs, Duration.ofSeconds(60)));
        assertThat(ran).hasSizeGreaterThanOrEqualTo(2).doesNotContain(Trellis.nodeId());
    }

    @Test
    @Order(3)
    void objectsOf200MegabytesMoveBetweenNodes() {
        byte[] big = filled(200 << 20, (byte) 7);
        ObjectRef<byte[]> ref = Trellis.put(big);
        assertThat(Trellis.task(ClusterMultiJvmTest::length, ref).remote().get(Duration.ofSeconds(60)))
                .isEqualTo(200L << 20);
        big = null;
        byte[] back = Trellis.task(ClusterMultiJvmTest::filled, 200 << 20, (byte) 3).remote().get(Duration.ofSeconds(60));
        assertThat(back).hasSize(200 << 20);
        assertThat(back[0]).isEqualTo((byte) 3);
        assertThat(back[back.length - 1]).isEqualTo((byte) 3);
    }

    /** Puts {@code sizes.length} arrays on the node it runs on and returns their refs, inside a list. */
    static List<ObjectRef<byte[]>> putArrays(int[] sizes) {
        var refs = new ArrayList<ObjectRef<byte[]>>();
        for (int size : sizes) {
            refs.add(Trellis.put(filled(size, (byte) 1)));
        }
        return refs;
    }

    /** Collects this node's garbage (so the refs it dropped are released); returns its id. */
    static String collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return Trellis.nodeId();
    }

    /** The summed lengths of the arrays behind {@code refs}, each fetched where this runs. */
    static long totalLength(List<ObjectRef<byte[]>> refs) {
        long total = 0;
        for (ObjectRef<byte[]> ref : refs) {
            total += ref.get(Duration.ofSeconds(60)).length;
        }
        return total;
    }

    @Test
    @Order(4)
    void refsNestedInsideValuesCrossNodesAndStayValidWhileHeld() {
        // Small (inline), mid-sized (chunks) and big (the data channel) arrays, put by a task on worker1.
        int[] sizes = {100, 2 << 20, 12 << 20};
        List<ObjectRef<byte[]>> refs = Trellis.task(ClusterMultiJvmTest::putArrays, sizes)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.nodeAffinity(worker1, false)))
                .remote().get(Duration.ofSeconds(60));
        assertThat(refs).hasSize(3);
        long expected = 100L + (2 << 20) + (12 << 20);
        // The task's own refs are gone with it; the driver's keep the objects, which another node reads...
        assertThat(Trellis.task(ClusterMultiJvmTest::totalLength, refs)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.nodeAffinity(worker2, false)))
                .remote().get(Duration.ofSeconds(60))).isEqualTo(expected);
        // ...and so does the driver, after the owner has collected its garbage (its own refs are gone).
        assertThat(Trellis.task(ClusterMultiJvmTest::collectGarbage)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.nodeAffinity(worker1, false)))
                .remote().get(Duration.ofSeconds(60))).isEqualTo(worker1);
        assertThat(totalLength(refs)).isEqualTo(expected);
    }

    @Test
    @Order(4)
    void aStrictlySpreadPlacementGroupPutsOneBundleOnEachNode() {
        PlacementGroup pg = Trellis.placementGroup(List.of(Map.of("CPU", 1), Map.of("CPU", 1), Map.of("CPU", 1)),
                PlacementStrategy.STRICT_SPREAD);
        assertThat(pg.await(Duration.ofSeconds(30))).isTrue();
        List<ObjectRef<String>> ran = IntStream.range(0, 3).mapToObj(i -> Trellis.task(ClusterMultiJvmTest::nodeAfter, 0)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.placementGroup(pg, i))).remote()).toList();
        Set<String> nodes = new HashSet<>(Trellis.get(ran, Duration.ofSeconds(30)));
        assertThat(nodes).hasSize(3).doesNotContain(Trellis.nodeId());
        assertThat(Trellis.placementGroups()).filteredOn(g -> g.id().equals(pg.id())).singleElement()
                .satisfies(g -> assertThat(Set.copyOf(g.bundleNodes().values())).isEqualTo(nodes));
        // A worker that got the handle as an argument runs a task in bundle 1 from there (through the creator's answer).
        ObjectRef<String> fromWorker = Trellis.task(ClusterMultiJvmTest::nodeOfBundle, pg, 1)
                .options(o -> o.numCpus(0)).remote();
        assertThat(fromWorker.get(Duration.ofSeconds(30))).isEqualTo(ran.get(1).get(Duration.ofSeconds(1)));
        // An actor in a bundle runs on that bundle's node.
        ActorHandle<NodeCounter> inBundle = Trellis.actor(NodeCounter::new, 0)
                .options(o -> o.numCpus(1).schedulingStrategy(SchedulingStrategy.placementGroup(pg, 2))).remote();
        assertThat(inBundle.task(NodeCounter::node).remote().get(Duration.ofSeconds(30)))
                .isEqualTo(ran.get(2).get(Duration.ofSeconds(1)));
        // The bundles hold every CPU of the cluster: a task outside the group waits until the group goes.
        ObjectRef<String> outside = Trellis.task(ClusterMultiJvmTest::nodeAfter, 0).remote();
        assertThat(Trellis.wait(List.of(outside), 1, Duration.ofMillis(500)).ready()).isEmpty();
        Trellis.removePlacementGroup(pg);
        assertThat(outside.get(Duration.ofSeconds(30))).isNotEqualTo(Trellis.nodeId());
        assertThatThrownBy(() -> inBundle.task(NodeCounter::node).remote().get(Duration.ofSeconds(30)))
                .isInstanceOf(ActorDiedException.class);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Trellis.nodes().stream()
                .filter(n -> !n.role().equals("driver")).allMatch(n -> n.available().cpus() == 1.0));
    }

    /** On whichever node runs it: the node a task in bundle {@code bundle} of {@code pg} runs on. */
    static String nodeOfBundle(PlacementGroup pg, int bundle) {
        return Trellis.task(ClusterMultiJvmTest::nodeAfter, 0)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.placementGroup(pg, bundle))).remote()
                .get(Duration.ofSeconds(20));
    }

    /** An actor that says where it runs. */
    static final class NodeCounter {
        private int value;

        NodeCounter(int start) {
            this.value = start;
        }

        int add(int n) {
            value += n;
            return value;
        }

        String node() {
            return Trellis.nodeId();
        }

        String nodeAfter(int millis) throws InterruptedException {
            Thread.sleep(millis);
            return Trellis.nodeId();
        }
    }

    static int addThrough(ActorHandle<NodeCounter> counter, int n) {
        return counter.task(NodeCounter::add, n).remote().get(Duration.ofSeconds(30));
    }

    static String failsFirst(ActorHandle<NodeCounter> tries) {
        if (tries.task(NodeCounter::add, 1).remote().get(Duration.ofSeconds(30)) < 2) {
            throw new IllegalStateException("first try fails");
        }
        return "second try";
    }

    static int addByName(String name, int n) {
        return Trellis.getActor(name, NodeCounter.class).orElseThrow()
                .task(NodeCounter::add, n).remote().get(Duration.ofSeconds(30));
    }

    @Test
    @Order(5)
    void actorsRunWhereTheirResourcesAreAndTheirHandlesWorkFromOtherNodes() {
        // The driver has no CPUs: an actor that needs one is placed on another node.
        ActorHandle<NodeCounter> counter = Trellis.actor(NodeCounter::new, 10)
                .options(o -> o.numCpus(1).name("shared-counter")).remote();
        assertThat(counter.task(NodeCounter::add, 1).remote().get(Duration.ofSeconds(30))).isEqualTo(11);
        String host = counter.task(NodeCounter::node).remote().get(Duration.ofSeconds(30));
        assertThat(host).isNotEqualTo(Trellis.nodeId());
        String elsewhere = Trellis.nodes().stream().map(NodeInfo::nodeId)
                .filter(id -> !id.equals(host) && !id.equals(Trellis.nodeId())).findFirst().orElseThrow();

        // A handle passed to a task on a third node, and a lookup by name from there.
        assertThat(Trellis.task(ClusterMultiJvmTest::addThrough, counter, 5)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.nodeAffinity(elsewhere, false))).remote()
                .get(Duration.ofSeconds(30))).isEqualTo(16);
        assertThat(Trellis.task(ClusterMultiJvmTest::addByName, "shared-counter", 100)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.nodeAffinity(elsewhere, false))).remote()
                .get(Duration.ofSeconds(30))).isEqualTo(116);

        // Calls from one caller run in order.
        List<ObjectRef<Integer>> refs = IntStream.range(0, 50)
                .mapToObj(i -> counter.task(NodeCounter::add, 1).remote()).toList();
        assertThat(Trellis.get(refs, Duration.ofSeconds(30))).isEqualTo(IntStream.rangeClosed(117, 166).boxed().toList());

        // A task that throws on another node is run again by its owner (retry_exceptions).
        ActorHandle<NodeCounter> tries = Trellis.actor(NodeCounter::new, 0).remote();
        assertThat(Trellis.task(ClusterMultiJvmTest::failsFirst, tries)
                .options(o -> o.maxRetries(1).retryExceptions(true)
                        .schedulingStrategy(SchedulingStrategy.nodeAffinity(elsewhere, false))).remote()
                .get(Duration.ofSeconds(30))).isEqualTo("second try");

        Trellis.kill(counter);
        assertThatThrownBy(() -> counter.task(NodeCounter::add, 1).remote().get(Duration.ofSeconds(30)))
                .isInstanceOf(ActorDiedException.class);
        // Its CPU is free again: a task that needs it runs there.
        assertThat(Trellis.task(ClusterMultiJvmTest::nodeAfter, 0)
                .options(o -> o.numCpus(1).schedulingStrategy(SchedulingStrategy.nodeAffinity(host, false))).remote()
                .get(Duration.ofSeconds(30))).isEqualTo(host);
    }

    @Test
    @Order(6)
    void aWorkerKilledWithSigkillHasItsTaskRetriedAndItsActorRestartedElsewhere() throws Exception {
        ActorHandle<NodeCounter> survivor = Trellis.actor(NodeCounter::new, 0)
                .options(o -> o.maxRestarts(1).maxTaskRetries(1)
                        .schedulingStrategy(SchedulingStrategy.nodeAffinity(worker1, true))).remote();
        ActorHandle<NodeCounter> mortal = Trellis.actor(NodeCounter::new, 0)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.nodeAffinity(worker1, true))).remote();
        assertThat(survivor.task(NodeCounter::add, 5).remote().get(Duration.ofSeconds(30))).isEqualTo(5);
        assertThat(survivor.task(NodeCounter::node).remote().get(Duration.ofSeconds(30))).isEqualTo(worker1);
        assertThat(mortal.task(NodeCounter::node).remote().get(Duration.ofSeconds(30))).isEqualTo(worker1);
        ObjectRef<String> retriedCall = survivor.task(NodeCounter::nodeAfter, 4_000).remote();
        ObjectRef<String> lostCall = mortal.task(NodeCounter::nodeAfter, 4_000).remote();

        // Soft affinity goes elsewhere while worker1's last report shows its CPU taken (by the earlier tests).
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Trellis.nodes().stream()
                .anyMatch(n -> n.nodeId().equals(worker1) && n.available().cpus() == 1.0));
        ObjectRef<String> ref = Trellis.task(ClusterMultiJvmTest::nodeAfter, 4_000)
                .options(o -> o.maxRetries(2).schedulingStrategy(SchedulingStrategy.nodeAffinity(worker1, true)))
                .remote();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Trellis.nodes().stream()
                .anyMatch(n -> n.nodeId().equals(worker1) && n.runningTasks() > 0));
        JVMS.get(1).kill();
        String ranOn = ref.get(Duration.ofSeconds(90));
        assertThat(ranOn).isNotEqualTo(worker1).isNotEqualTo(Trellis.nodeId());

        // The actor with a restart left is constructed again on another node and runs the call again there.
        String restartedOn = retriedCall.get(Duration.ofSeconds(90));
        assertThat(restartedOn).isNotEqualTo(worker1).isNotEqualTo(Trellis.nodeId());
        assertThat(survivor.task(NodeCounter::add, 1).remote().get(Duration.ofSeconds(30)))
                .as("state rebuilt from the constructor").isEqualTo(1);
        // The one without restarts is dead, and says why.
        assertThatThrownBy(() -> lostCall.get(Duration.ofSeconds(30))).isInstanceOf(ActorDiedException.class)
                .hasMessageContaining(worker1);
        assertThatThrownBy(() -> mortal.task(NodeCounter::node).remote().get(Duration.ofSeconds(30)))
                .isInstanceOf(ActorDiedException.class).hasMessageContaining("no restarts left");
    }

    @Test
    @Order(7)
    void aLostObjectIsRebuiltFromItsLineage() throws Exception {
        ObjectRef<byte[]> ref = Trellis.task(ClusterMultiJvmTest::filled, 4 << 20, (byte) 9)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.nodeAffinity(worker2, true))).remote();
        WaitResult<byte[]> ready = Trellis.wait(List.of(ref), 1, Duration.ofSeconds(30));
        assertThat(ready.ready()).containsExactly(ref);
        JVMS.get(2).kill();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                Trellis.nodes().stream().noneMatch(n -> n.nodeId().equals(worker2)));
        byte[] rebuilt = ref.get(Duration.ofSeconds(60));
        assertThat(rebuilt).hasSize(4 << 20);
        assertThat(rebuilt[12345]).isEqualTo((byte) 9);
    }
}
