package dev.trellis.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrellisObjectStoreTest {
    private static final int MB = 1 << 20;

    @TempDir
    Path spill;

    @AfterEach
    void stop() {
        Trellis.shutdown();
    }

    @Test
    void aRefNobodyHoldsIsFreed() {
        Trellis.init(TrellisOptions.builder().numCpus(1).objectStoreBytes(512L * MB).build());
        putAndDrop();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            System.gc();
            assertThat(Trellis.nodes().getFirst().objectStoreBytes()).isLessThan(MB);
        });
    }

    private static void putAndDrop() {
        Trellis.put(new byte[64 * MB]).get();
        assertThat(Trellis.nodes().getFirst().objectStoreBytes()).isGreaterThanOrEqualTo(64L * MB);
    }

    @Test
    void aLoopPutting10GigabytesOf100MegabyteArraysRunsInA2GigabyteHeap() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(2L * 1024 * MB);
        Trellis.init(TrellisOptions.builder().numCpus(1).objectStoreBytes(600L * MB).spillDirectory(spill).build());
        long total = 0;
        for (int i = 0; i < 100; i++) {
            byte[] block = new byte[100 * MB];
            block[i] = (byte) i;
            ObjectRef<byte[]> ref = Trellis.put(block);
            assertThat(ref.get()[i]).isEqualTo((byte) i);
            total += block.length;
        }
        assertThat(total).isEqualTo(100L * 100 * MB);
        assertThat(Trellis.nodes().getFirst().objectStoreBytes()).isLessThanOrEqualTo(600L * MB);
    }

    @Test
    void objectsOverTheBudgetSpillToDiskAndAreRestoredOnDemand() throws Exception {
        Trellis.init(TrellisOptions.builder().numCpus(1).objectStoreBytes(8L * MB).spillDirectory(spill).build());
        var refs = new ArrayList<ObjectRef<double[]>>();
        for (int i = 0; i < 6; i++) {
            double[] values = new double[MB / 4]; // 2 MB each
            values[0] = i;
            values[values.length - 1] = -i;
            refs.add(Trellis.put(values));
        }
        NodeInfo node = Trellis.nodes().getFirst();
        assertThat(node.objectStoreBytes()).isLessThanOrEqualTo(8L * MB);
        assertThat(node.spilledBytes()).isGreaterThan(0);
        try (var files = Files.list(spill)) {
            assertThat(files.count()).isGreaterThan(0);
        }
        for (int i = 0; i < refs.size(); i++) {
            double[] back = refs.get(i).get();
            assertThat(back[0]).isEqualTo(i);
            assertThat(back[back.length - 1]).isEqualTo(-i);
        }
    }

    @Test
    void recordsAndListsSpillAndComeBackEqual() {
        Trellis.init(TrellisOptions.builder().numCpus(1).objectStoreBytes(MB).spillDirectory(spill).build());
        record Point(String name, int[] coords, List<String> tags) {
        }
        var first = Trellis.put(new Point("a", new int[200_000], List.of("x", "y")));
        var second = Trellis.put(new Point("b", new int[200_000], List.of("z")));
        assertThat(Trellis.nodes().getFirst().spilledBytes()).isGreaterThan(0);
        assertThat(first.get().name()).isEqualTo("a");
        assertThat(first.get().tags()).containsExactly("x", "y");
        assertThat(second.get().coords()).hasSize(200_000);
    }

    @Test
    void anObjectPassedToAPendingTaskStaysUntilTheTaskRan() {
        Trellis.init(TrellisOptions.builder().numCpus(1).objectStoreBytes(512L * MB).build());
        ObjectRef<Integer> gate = Trellis.task(CoreFns::sleepThenReturn, 300).remote();
        ObjectRef<Long> length = submitWithDroppedArgument(gate);
        System.gc();
        assertThat(length.get(Duration.ofSeconds(10))).isEqualTo(32L * MB);
    }

    private static ObjectRef<Long> submitWithDroppedArgument(ObjectRef<Integer> gate) {
        ObjectRef<byte[]> data = Trellis.put(new byte[32 * MB]);
        Trellis.task(CoreFns::add, gate, 1).remote();
        return Trellis.task(CoreFns::length, data).remote();
    }
}
