package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.ObjectLostException;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.SchedulingStrategy;
import dev.trellis.core.TaskOptions;
import dev.trellis.core.function.TrellisFunc2;
import dev.trellis.core.TrellisOptions;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lineage budget on an {@link InMemoryCluster}: a result whose only copy was on a dead node
 * is made again when its owner kept the task, and fails naming {@code max_lineage_bytes} when
 * the budget had dropped it.
 */
@org.junit.jupiter.api.Timeout(120)
class LineageClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final InMemoryCluster cluster = new InMemoryCluster();

    static byte[] filled(Integer size, Byte value) {
        byte[] out = new byte[size];
        Arrays.fill(out, value);
        return out;
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private ObjectRef<byte[]> madeOn(NodeRuntime driver, NodeRuntime worker) {
        return madeOn(driver, worker, true);
    }

    private ObjectRef<byte[]> madeOn(NodeRuntime driver, NodeRuntime worker, boolean soft) {
        ObjectRef<byte[]> ref = driver.submitTask((TrellisFunc2<Integer, Byte, byte[]>) LineageClusterTest::filled,
                new Object[] {4 << 20, (byte) 7},
                TaskOptions.builder().schedulingStrategy(SchedulingStrategy.nodeAffinity(worker.nodeId(), soft)).build());
        Awaitility.await().atMost(WAIT).until(ref::isReady);
        return ref;
    }

    private NodeRuntime[] nodes(long maxLineageBytes) {
        NodeRuntime driver = cluster.start("driver",
                TrellisOptions.builder().numCpus(0).maxLineageBytes(maxLineageBytes).build());
        NodeRuntime lost = cluster.start("worker", 1);
        NodeRuntime spare = cluster.start("worker", 1);
        Awaitility.await().atMost(WAIT).until(() -> driver.peers().nodes().size() == 3);
        return new NodeRuntime[] {driver, lost, spare};
    }

    @Test
    void aLostResultIsMadeAgainWhileItsLineageIsKept() {
        NodeRuntime[] n = nodes(TrellisOptions.DEFAULT_MAX_LINEAGE_BYTES);
        ObjectRef<byte[]> ref = madeOn(n[0], n[1]);
        assertThat(n[0].lineage().bytes()).isPositive();

        cluster.kill(n[1]);

        byte[] again = ref.get(WAIT);
        assertThat(again).hasSize(4 << 20);
        assertThat(again[100]).isEqualTo((byte) 7);
    }

    @Test
    void aLostResultWhoseLineageTheBudgetDroppedFailsNamingTheBudget() {
        NodeRuntime[] n = nodes(0);
        ObjectRef<byte[]> ref = madeOn(n[0], n[1]);
        assertThat(n[0].lineage().evicted()).isEqualTo(1);

        cluster.kill(n[1]);

        assertThatThrownBy(() -> ref.get(WAIT)).isInstanceOf(ObjectLostException.class)
                .hasMessageContaining("max_lineage_bytes=0").hasMessageContaining(ref.id());
    }

    @Test
    void aGetWithATimeoutEndsWhileALostResultCannotBeMadeAgain() {
        NodeRuntime[] n = nodes(TrellisOptions.DEFAULT_MAX_LINEAGE_BYTES);
        // Hard affinity: the run again is bound to the dead node.
        ObjectRef<byte[]> ref = madeOn(n[0], n[1], false);

        cluster.kill(n[1]);

        long start = System.nanoTime();
        assertThatThrownBy(() -> ref.get(Duration.ofSeconds(3))).isInstanceOf(dev.trellis.core.TrellisException.class)
                .satisfies(e -> System.out.println("lost, bound to the dead node: " + e));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
}
