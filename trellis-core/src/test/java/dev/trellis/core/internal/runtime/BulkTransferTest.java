package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.ObjectLostException;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.Resources;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.core.internal.cluster.ClusterKeys;
import dev.trellis.core.testing.ChildJvm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import dev.trellis.core.testing.ChildLogsOnFailure;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Big objects between two nodes in this JVM (a head, and a driver with no CPUs, so every task
 * runs on the head) move over the holder's data channel, plain or TLS; small ones, and big ones to
 * or from a node without a data channel, still move in chunks over Artery; a stream cut mid-way
 * fails the get with {@link ObjectLostException}.
 */
@Timeout(120)
@ExtendWith(ChildLogsOnFailure.class)
class BulkTransferTest {
    private static final int BIG = 24 << 20;
    private static final Duration GET = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    static byte[] filled(int size, byte value) {
        byte[] out = new byte[size];
        Arrays.fill(out, value);
        out[size - 1] = (byte) (value + 1);
        return out;
    }

    static long sum(byte[] bytes) {
        long sum = 0;
        for (byte b : bytes) {
            sum += b;
        }
        return sum;
    }

    private interface Body {
        void run(NodeRuntime head, NodeRuntime driver) throws Exception;
    }

    private static void withCluster(Path keys, int headDataPort, Body body) throws Exception {
        int port = ChildJvm.freePort();
        var head = (NodeRuntime) NodeRuntimes.head(TrellisOptions.builder().numCpus(1).port(port)
                .dataPort(headDataPort).clusterKeys(keys).build());
        try {
            Trellis.init(TrellisOptions.builder().address("127.0.0.1:" + port).resources(Resources.NONE)
                    .clusterKeys(keys).build());
            try {
                body.run(head, (NodeRuntime) CoreRuntimes.current());
            } finally {
                Trellis.shutdown();
            }
        } finally {
            head.shutdown();
        }
    }

    private static void awaitServed(NodeRuntime holder, long streams) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> holder.dataChannel().served() == streams);
    }

    private static void bigObjectsMoveOverTheDataChannel(NodeRuntime head, NodeRuntime driver) {
        // Head to driver: a task's result.
        byte[] back = Trellis.task(BulkTransferTest::filled, BIG, (byte) 3).remote().get(GET);
        assertThat(back).hasSize(BIG);
        assertThat(back[0]).isEqualTo((byte) 3);
        assertThat(back[BIG - 1]).isEqualTo((byte) 4);
        // The holder counts a stream once its last write returns, which may be just after the get here.
        awaitServed(head, 1);

        // Driver to head: a task's argument.
        ObjectRef<byte[]> ref = Trellis.put(filled(BIG, (byte) 5));
        assertThat(Trellis.task(BulkTransferTest::sum, ref).remote().get(GET)).isEqualTo(5L * (BIG - 1) + 6);
        awaitServed(driver, 1);

        // Below the threshold: chunks over Artery, as before.
        byte[] small = Trellis.task(BulkTransferTest::filled, 1 << 20, (byte) 7).remote().get(GET);
        assertThat(small).hasSize(1 << 20);
        assertThat(head.dataChannel().served()).isEqualTo(1);
    }

    @Test
    void withoutKeysBigObjectsMoveOverPlainTcp() throws Exception {
        int dataPort = ChildJvm.freePort();
        withCluster(null, dataPort, (head, driver) -> {
            assertThat(head.dataChannel().secure()).isFalse();
            assertThat(head.dataChannel().port()).as("the data port asked for").isEqualTo(dataPort);
            bigObjectsMoveOverTheDataChannel(head, driver);
        });
    }

    @Test
    void withClusterKeysBigObjectsMoveOverTls() throws Exception {
        Path keys = dir.resolve("keys");
        ClusterKeys.generate(keys);
        withCluster(keys, 0, (head, driver) -> {
            assertThat(head.dataChannel().secure()).isTrue();
            assertThat(driver.dataChannel().secure()).isTrue();
            bigObjectsMoveOverTheDataChannel(head, driver);
        });
    }

    @Test
    void aNodeWhoseDataPortIsTakenMovesBigObjectsInChunks() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            withCluster(null, taken.getLocalPort(), (head, driver) -> {
                assertThat(head.dataChannel()).as("the head could not bind its data port").isNull();
                byte[] back = Trellis.task(BulkTransferTest::filled, BIG, (byte) 3).remote().get(GET);
                assertThat(back).hasSize(BIG);
                assertThat(back[BIG - 1]).isEqualTo((byte) 4);
                ObjectRef<byte[]> ref = Trellis.put(filled(BIG, (byte) 5));
                assertThat(Trellis.task(BulkTransferTest::sum, ref).remote().get(GET)).isEqualTo(5L * (BIG - 1) + 6);
                assertThat(driver.dataChannel().served()).as("the head asked for chunks").isZero();
            });
        }
    }

    @Test
    void aStreamCutMidWayFailsTheGetWithObjectLostExceptionSoon() throws Exception {
        withCluster(null, 0, (head, driver) -> {
            ObjectRef<byte[]> ref = Trellis.task(BulkTransferTest::filled, 256 << 20, (byte) 1)
                    .options(o -> o.maxRetries(0)).remote();
            assertThat(Trellis.wait(List.of(ref), 1, GET).ready()).hasSize(1);
            var registry = new SimpleMeterRegistry();
            head.metrics().bindTo(registry);
            var sent = registry.get(CoreMetrics.TRANSFER_BYTES).tag("direction", "sent").functionCounter();
            var get = CompletableFuture.supplyAsync(() -> ref.get(GET));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sent.count() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            // The holder's end goes away mid-stream, as when its node dies: nothing listens there any more either.
            head.dataChannel().close();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> get.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ObjectLostException.class)
                    .cause().hasMessageContaining("the bulk transfer from node " + head.nodeId());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        });
    }
}
