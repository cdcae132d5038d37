package dev.trellis.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.trellis.core.Resources;
import dev.trellis.core.testing.TestMessages;
import dev.trellis.core.testing.TestMessages.Blob;
import dev.trellis.core.testing.TestMessages.Ping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Three cluster nodes (head, worker, driver) as three actor systems in this JVM, on loopback. */
class ClusterPeersTest {
    static final Config TEST_MESSAGES = ConfigFactory.parseMap(Map.of("trellis.serialization.registries",
            List.of(TestMessages.class.getName())));

    private final List<ClusterPeers> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.reversed().forEach(ClusterPeers::close);
    }

    private ClusterPeers start(String role, String nodeId, String seed) {
        var peers = ClusterPeers.start(ClusterOptions.builder().role(role).nodeId(nodeId).seed(seed).build(),
                TEST_MESSAGES);
        started.add(peers);
        peers.report(report(nodeId, peers.address(), role, started.size()));
        return peers;
    }

    private static NodeReport report(String nodeId, String address, String role, double cpus) {
        return new NodeReport(nodeId, address, role, Resources.of(cpus, 0), Resources.of(cpus, 0), 0, List.of(),
                0, 0, 0);
    }

    @Test
    void threeNodesFormAClusterTalkInOrderShareNamesAndSeeALeave() throws Exception {
        long t0 = System.nanoTime();
        ClusterPeers head = start("head", "head", null);
        ClusterPeers worker = start("worker", "worker", head.address());
        ClusterPeers driver = start("driver", "driver", head.address());
        var headHears = new RecordingListener();
        var workerHears = new RecordingListener();
        head.listen(headHears);
        worker.listen(workerHears);
        for (ClusterPeers peers : started) {
            peers.whenUp().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
        for (ClusterPeers peers : started) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ids(peers.nodes()),
                    ids -> ids.equals(List.of("driver", "head", "worker")));
        }
        System.out.printf("in-JVM cluster of 3 formed, every node listing all 3 reports: %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertThat(driver.nodes()).filteredOn(r -> r.nodeId().equals("worker")).singleElement()
                .satisfies(r -> {
                    assertThat(r.role()).isEqualTo("worker");
                    assertThat(r.total().cpus()).isEqualTo(2.0);
                    assertThat(r.address()).isEqualTo(worker.address());
                });
        assertThat(head.directoryNodeId()).contains("head");
        assertThat(driver.directoryNodeId()).contains("head");

        // In order, between every pair; the driver hears only once it listens.
        IntStream.range(0, 200).forEach(i -> {
            assertThat(worker.send("driver", new Ping(i, "w"))).isTrue();
            assertThat(driver.send("head", new Ping(i, "d"))).isTrue();
            assertThat(head.send("head", new Ping(i, "self"))).isTrue();
        });
        Thread.sleep(300);
        var driverHears = new RecordingListener();
        driver.listen(driverHears);
        await().atMost(Duration.ofSeconds(10)).until(() -> driverHears.from("worker", Ping.class).size() == 200
                && headHears.from("driver", Ping.class).size() == 200 && headHears.from("head", Ping.class).size() == 200);
        assertThat(driverHears.from("worker", Ping.class)).extracting(Ping::seq).isEqualTo(range(200));
        assertThat(headHears.from("driver", Ping.class)).extracting(Ping::seq).isEqualTo(range(200));
        assertThat(headHears.from("head", Ping.class)).extracting(Ping::seq).isEqualTo(range(200));

        // A message to a node not yet seen joining is held, in order, and delivered once it joins
        // (a reply can beat the member event).
        assertThat(head.send("late", new Ping(0, "early"))).isTrue();
        assertThat(head.send("late", new Ping(1, "early"))).isTrue();
        ClusterPeers late = start("worker", "late", head.address());
        var lateHears = new RecordingListener();
        late.listen(lateHears);
        await().atMost(Duration.ofSeconds(20)).until(() -> lateHears.from("head", Ping.class).size() == 2);
        assertThat(lateHears.from("head", Ping.class)).extracting(Ping::seq).isEqualTo(range(2));
        late.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> headHears.removed.contains("late"));
        assertThat(head.send("late", new Ping(2, "after"))).as("a node seen leaving is refused, not held").isFalse();

        // A 1 MiB chunk fits in one message; more than a frame is refused at the sender.
        byte[] chunk = new byte[1024 * 1024];
        new java.util.Random(7).nextBytes(chunk);
        assertThat(worker.send("head", new Blob(chunk))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> headHears.from("worker", Blob.class).size() == 1);
        assertThat(headHears.from("worker", Blob.class).getFirst().bytes()).isEqualTo(chunk);
        assertThatThrownBy(() -> worker.send("head", new Blob(new byte[3 * 1024 * 1024])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("send bulk data in chunks");

        // Names: one claim wins, wherever it comes from.
        assertThat(worker.registerName("counter", "worker/actor-1").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isTrue();
        assertThat(driver.registerName("counter", "driver/actor-2").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isFalse();
        assertThat(worker.registerName("counter", "worker/actor-1").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .as("the same claim again (a retry) keeps the name").isTrue();
        assertThat(head.lookupName("counter").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .contains("worker/actor-1");
        assertThat(driver.registerName("tmp", "head/actor-3").toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
        head.unregisterName("tmp");
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.lookupName("tmp").toCompletableFuture()
                .get(5, TimeUnit.SECONDS).isEmpty());

        // A report given later reaches the others with the next heartbeat.
        worker.report(report("worker", worker.address(), "worker", 5));
        await().atMost(Duration.ofSeconds(5)).until(() -> driver.nodes().stream()
                .anyMatch(r -> r.nodeId().equals("worker") && r.total().cpus() == 5.0));

        // The worker leaves: the others hear it, stop listing it, and its names are gone.
        long leaving = System.nanoTime();
        worker.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> headHears.removed.contains("worker")
                && driverHears.removed.contains("worker"));
        System.out.printf("graceful leave seen as onNodeRemoved: %d ms%n", (System.nanoTime() - leaving) / 1_000_000);
        assertThat(ids(head.nodes())).containsExactly("driver", "head");
        assertThat(ids(driver.nodes())).containsExactly("driver", "head");
        assertThat(driver.send("worker", new Ping(0, "late"))).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> head.lookupName("counter").toCompletableFuture()
                .get(5, TimeUnit.SECONDS), Optional::isEmpty);
        assertThat(headHears.removed).containsExactly("late", "worker");
        assertThat(worker.whenStopped().toCompletableFuture()).isDone();
        assertThat(head.whenStopped().toCompletableFuture()).isNotDone();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    static List<String> ids(List<NodeReport> nodes) {
        return nodes.stream().map(NodeReport::nodeId).toList();
    }
}
