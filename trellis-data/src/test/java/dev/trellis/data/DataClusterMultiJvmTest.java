package dev.trellis.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.core.testing.ChildJvm;
import dev.trellis.core.testing.ChildLogsOnFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data on a real cluster: a head and two workers as separate JVMs (1 CPU each), this test's JVM
 * a driver without CPUs, so every read, map, shuffle and actor-pool task runs on another JVM
 * and every plan, block and partial aggregate crosses the wire.
 */
@Timeout(240)
@ExtendWith(ChildLogsOnFailure.class)
class DataClusterMultiJvmTest {
    private static final String NODE_MAIN = "dev.trellis.core.internal.runtime.NodeMain";
    private static final String READY = "trellis node (\\S+) ready at";
    private static final List<ChildJvm> JVMS = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        int port = ChildJvm.freePort();
        ChildJvm head = start("head", "--head", "--cluster-port", String.valueOf(port), "--num-cpus", "1");
        head.awaitLine(READY, Duration.ofSeconds(60));
        start("worker1", "--address", "127.0.0.1:" + port, "--num-cpus", "1").awaitLine(READY, Duration.ofSeconds(60));
        start("worker2", "--address", "127.0.0.1:" + port, "--num-cpus", "1").awaitLine(READY, Duration.ofSeconds(60));
        Trellis.init(TrellisOptions.connect("127.0.0.1:" + port));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                Trellis.nodes().stream().filter(n -> !n.role().equals("driver")).count() == 3);
    }

    private static ChildJvm start(String name, String... args) {
        ChildJvm jvm = ChildJvm.start(name, "1g", NODE_MAIN, args);
        JVMS.add(jvm);
        return jvm;
    }

    @AfterAll
    static void stopCluster() {
        try {
            Trellis.shutdown();
        } finally {
            JVMS.forEach(ChildJvm::close);
        }
    }

    static Row tagged(Row r) {
        return r.with("bucket", r.getLong("id") % 5).with("mapped_on", Trellis.nodeId());
    }

    /** Tags each batch with the node of the actor that handled it. */
    public static final class NodeTagger implements BatchMapper {
        private final String prefix;

        public NodeTagger(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Batch apply(Batch batch) {
            String[] tag = new String[batch.numRows()];
            java.util.Arrays.fill(tag, prefix + Trellis.nodeId());
            return batch.withColumn("actor_on", tag);
        }
    }

    @Test
    void aShuffleAndAnActorPoolRunOnTheWorkersAndEveryRowComesBack(@TempDir Path dir) {
        Dataset ds = Data.range(30_000, 6).map(DataClusterMultiJvmTest::tagged)
                .mapBatches(NodeTagger.class, ActorPoolOptions.of(2).numCpus(0.25).constructorArgs("actor@"))
                .randomShuffle(42);
        List<Row> rows = ds.takeAll();
        assertThat(rows.stream().map(r -> r.getLong("id")).toList())
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 30_000).boxed().toList())
                .isNotEqualTo(LongStream.range(0, 30_000).boxed().toList());
        Set<String> mappedOn = new HashSet<>(rows.stream().map(r -> r.getString("mapped_on")).toList());
        assertThat(mappedOn).hasSizeGreaterThanOrEqualTo(2).doesNotContain(Trellis.nodeId());
        assertThat(rows).allMatch(r -> r.getString("actor_on").startsWith("actor@")
                && !r.getString("actor_on").equals("actor@" + Trellis.nodeId()));

        // Aggregates: partial states per block on the workers, merged here.
        List<Row> perBucket = ds.groupBy("bucket").aggregate(Aggregate.count(), Aggregate.sum("id")).takeAll();
        assertThat(perBucket).hasSize(5);
        for (Row r : perBucket) {
            long b = r.getLong("bucket");
            assertThat(r.getLong("count()")).isEqualTo(6_000);
            assertThat(r.getLong("sum(id)")).isEqualTo(LongStream.range(0, 30_000).filter(i -> i % 5 == b).sum());
        }
        assertThat(ds.sort("id").take(3)).extracting(r -> r.getLong("id")).containsExactly(0L, 1L, 2L);

        // Written by tasks on the workers, read back by tasks on the workers.
        ds.selectColumns("id", "bucket").writeParquet(dir.toString());
        assertThat(Data.readParquet(dir.toString()).sum("id")).isEqualTo(LongStream.range(0, 30_000).sum());
    }

    /** A consumer on another node: the rows of its share of one epoch. */
    static long consume(DataIterator split) {
        long rows = 0;
        for (Batch b : split.iterBatches(500)) {
            rows += b.numRows();
        }
        return rows;
    }

    @Test
    void aStreamingSplitFeedsConsumersOnOtherNodes() {
        List<DataIterator> splits = Data.range(12_000, 6).map(DataClusterMultiJvmTest::tagged).streamingSplit(2);
        var counts = new ArrayList<dev.trellis.core.ObjectRef<Long>>();
        for (DataIterator it : splits) {
            counts.add(Trellis.task(DataClusterMultiJvmTest::consume, it).remote());
        }
        long total = 0;
        for (var c : counts) {
            total += c.get(Duration.ofSeconds(120));
        }
        assertThat(total).isEqualTo(12_000);
    }
}
