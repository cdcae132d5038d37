package dev.trellis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every Dataset operation in one JVM (an embedded node with 2 CPUs). */
@Timeout(120)
class DatasetTest {
    static final AtomicInteger MAPPED = new AtomicInteger();
    static final AtomicInteger BUILT = new AtomicInteger();

    @BeforeAll
    static void start() {
        Trellis.init(TrellisOptions.builder().numCpus(2).build());
    }

    @AfterAll
    static void stop() {
        Trellis.shutdown();
    }

    static Row square(Row r) {
        long id = r.getLong("id");
        return Row.of("id", id, "square", id * id);
    }

    static boolean even(Row r) {
        return r.getLong("id") % 2 == 0;
    }

    static Row counted(Row r) {
        MAPPED.incrementAndGet();
        return r;
    }

    static Batch plusOne(Batch b) {
        long[] ids = b.longs("id");
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i] + 1;
        }
        return b.withColumn("next", out);
    }

    static Batch sizeOf(Batch b) {
        return Batch.of("rows", new long[] {b.numRows()});
    }

    /** A stateful batch function: its "model" (an offset) is built once per actor. */
    public static final class AddOffset implements BatchMapper {
        private final long offset;

        public AddOffset(Long offset) {
            BUILT.incrementAndGet();
            this.offset = offset;
        }

        @Override
        public Batch apply(Batch batch) {
            long[] ids = batch.longs("id");
            long[] out = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[i] = ids[i] + offset;
            }
            return batch.withColumn("shifted", out);
        }
    }

    @Test
    void rowTransformsFilterAndCount() {
        Dataset ds = Data.range(1_000, 4).map(DatasetTest::square).filter(DatasetTest::even);
        assertThat(ds.count()).isEqualTo(500);
        List<Row> first = ds.take(3);
        assertThat(first).containsExactly(Row.of("id", 0L, "square", 0L), Row.of("id", 2L, "square", 4L),
                Row.of("id", 4L, "square", 16L));
        assertThat(ds.schema().names()).containsExactly("id", "square");
        assertThat(ds.toString()).contains("Map(DatasetTest.square)").contains("Filter(DatasetTest.even)");
        assertThat(Data.range(10).flatMap(r -> List.of(r, r)).count()).isEqualTo(20);
    }

    @Test
    void batchTransformsAndColumnOperations() {
        Dataset ds = Data.range(100, 2).mapBatches(DatasetTest::plusOne)
                .addColumn("twice", b -> java.util.Arrays.stream(b.longs("id")).map(v -> 2 * v).toArray())
                .renameColumns(Map.of("next", "successor")).dropColumns("twice");
        Batch b = ds.takeBatch(5);
        assertThat(b.columnNames()).containsExactly("id", "successor");
        assertThat(b.longs("successor")).containsExactly(1, 2, 3, 4, 5);
        assertThat(ds.selectColumns("successor").take(1)).containsExactly(Row.of("successor", 1L));
        // batchSize cuts each block into calls of at most that many rows.
        assertThat(Data.range(100, 1).mapBatches(DatasetTest::sizeOf, 30).takeAll())
                .extracting(r -> r.getLong("rows")).containsExactly(30L, 30L, 30L, 10L);
    }

    @Test
    void iterBatchesGivesExactSizesAndIterRowsEveryRow() {
        var sizes = new ArrayList<Integer>();
        for (Batch b : Data.range(1_000, 7).iterBatches(300)) {
            sizes.add(b.numRows());
        }
        assertThat(sizes).containsExactly(300, 300, 300, 100);
        long sum = 0;
        for (Row r : Data.range(100).iterRows()) {
            sum += r.getLong("id");
        }
        assertThat(sum).isEqualTo(4950);
    }

    @Test
    void aStatefulClassRunsOnAnActorPoolBuiltOncePerActor() {
        BUILT.set(0);
        Dataset ds = Data.range(2_000, 20).mapBatches(AddOffset.class, ActorPoolOptions.of(2).numCpus(0.5).constructorArgs(1000L));
        List<Row> rows = ds.takeAll();
        assertThat(rows).hasSize(2_000);
        assertThat(rows).allMatch(r -> r.getLong("shifted") == r.getLong("id") + 1000);
        assertThat(rows.stream().map(r -> r.getLong("id")).toList())
                .isEqualTo(LongStream.range(0, 2_000).boxed().toList());
        assertThat(BUILT.get()).isEqualTo(2);
    }

    @Test
    void aLimitReadsNoMoreThanItNeeds() {
        MAPPED.set(0);
        List<Row> rows = Data.range(10_000_000, 1_000).map(DatasetTest::counted).limit(5).take(5);
        assertThat(rows).hasSize(5);
        // Blocks of 10,000 rows, at most a window (2 x 2 CPUs) of read tasks started.
        assertThat(MAPPED.get()).isLessThanOrEqualTo(4 * 10_000 + 10_000);
    }

    @Test
    void shufflesSortsAndRepartitionsKeepEveryRow() {
        List<Long> ids = LongStream.range(0, 5_000).boxed().toList();
        List<Long> shuffled = ids(Data.range(5_000, 10).randomShuffle(7));
        assertThat(shuffled).containsExactlyInAnyOrderElementsOf(ids).isNotEqualTo(ids);
        assertThat(ids(Data.range(5_000, 10).randomShuffle(7))).isEqualTo(shuffled);
        assertThat(ids(Data.range(5_000, 10).randomizeBlockOrder(3))).containsExactlyInAnyOrderElementsOf(ids);

        Dataset unsorted = Data.range(5_000, 10).randomShuffle(11);
        assertThat(ids(unsorted.sort("id"))).isEqualTo(ids);
        assertThat(ids(unsorted.sort("id", true))).isEqualTo(ids.stream().sorted(Comparator.reverseOrder()).toList());

        var blockSizes = new ArrayList<Integer>();
        for (Batch b : Data.range(1_000, 3).repartition(4).iterBatches(0)) {
            blockSizes.add(b.numRows());
        }
        assertThat(blockSizes).containsExactly(250, 250, 250, 250);
        assertThat(ids(Data.range(1_000, 3).repartition(4))).isEqualTo(LongStream.range(0, 1_000).boxed().toList());
    }

    private static List<Long> ids(Dataset ds) {
        return ds.takeAll().stream().map(r -> r.getLong("id")).toList();
    }

    static Row bucketed(Row r) {
        return r.with("bucket", r.getLong("id") % 3);
    }

    static Batch groupSize(Batch group) {
        return Batch.of("bucket", new long[] {group.longs("bucket")[0]}, "n", new long[] {group.numRows()});
    }

    @Test
    void groupsAggregatesAndGlobalAggregates() {
        Dataset ds = Data.range(300, 5).map(DatasetTest::bucketed);
        List<Row> counts = ds.groupBy("bucket").count().takeAll();
        assertThat(counts).containsExactly(Row.of("bucket", 0L, "count()", 100L), Row.of("bucket", 1L, "count()", 100L),
                Row.of("bucket", 2L, "count()", 100L));
        Row stats = ds.groupBy("bucket").aggregate(Aggregate.sum("id"), Aggregate.mean("id")).take(1).getFirst();
        assertThat(stats.getLong("sum(id)")).isEqualTo(LongStream.range(0, 300).filter(i -> i % 3 == 0).sum());
        assertThat(stats.getDouble("mean(id)")).isEqualTo(148.5);
        assertThat(ds.groupBy("bucket").mapGroups(DatasetTest::groupSize).sort("bucket").takeAll())
                .containsExactly(Row.of("bucket", 0L, "n", 100L), Row.of("bucket", 1L, "n", 100L),
                        Row.of("bucket", 2L, "n", 100L));
        assertThat(ds.sum("id")).isEqualTo(44_850L);
        assertThat(ds.min("id")).isEqualTo(0L);
        assertThat(ds.max("id")).isEqualTo(299L);
        assertThat(ds.mean("id")).isEqualTo(149.5);
        double mean = 149.5;
        double var = LongStream.range(0, 300).mapToDouble(i -> (i - mean) * (i - mean)).sum() / 299;
        assertThat(ds.std("id")).isCloseTo(Math.sqrt(var), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void splitsUnionsItemsAndMaterialize() {
        List<Dataset> parts = Data.range(100, 3).split(3);
        assertThat(parts).extracting(Dataset::count).containsExactly(33L, 33L, 34L);
        List<Dataset> tt = Data.range(100, 4).trainTestSplit(0.25);
        assertThat(tt.get(0).count()).isEqualTo(75);
        assertThat(ids(tt.get(1))).isEqualTo(LongStream.range(75, 100).boxed().toList());
        List<Dataset> shuffledSplit = Data.range(100, 4).trainTestSplit(0.3, true, 5);
        assertThat(shuffledSplit.get(1).count()).isEqualTo(30);
        assertThat(ids(shuffledSplit.get(0).union(shuffledSplit.get(1))))
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 100).boxed().toList());

        assertThat(Data.fromItems(List.of(1, 2, 3)).takeAll()).containsExactly(Row.of("item", 1L), Row.of("item", 2L),
                Row.of("item", 3L));
        assertThat(Data.fromItems(List.of(Map.of("a", "x"))).takeAll()).containsExactly(Row.of("a", "x"));

        MAPPED.set(0);
        Dataset kept = Data.range(1_000, 2).map(DatasetTest::counted).materialize();
        assertThat(MAPPED.get()).isEqualTo(1_000);
        assertThat(kept.count()).isEqualTo(1_000);
        assertThat(kept.take(2)).hasSize(2);
        assertThat(MAPPED.get()).isEqualTo(1_000);
    }

    @Test
    void parquetCsvAndJsonRoundTrip(@TempDir Path dir) {
        Dataset ds = Data.range(10_000, 3).map(DatasetTest::square);
        List<String> files = ds.writeParquet(dir.resolve("pq").toString());
        assertThat(files).hasSize(3);
        Dataset back = Data.readParquet(dir.resolve("pq").toString());
        assertThat(back.count()).isEqualTo(10_000);
        assertThat(back.sum("square")).isEqualTo(LongStream.range(0, 10_000).map(i -> i * i).sum());
        assertThat(Data.readParquet(List.of(dir.resolve("pq").toString()), List.of("square")).schema().names())
                .containsExactly("square");
        ds.writeCsv(dir.resolve("csv").toString());
        assertThat(Data.readCsv(dir.resolve("csv").toString()).count()).isEqualTo(10_000);
        ds.writeJson(dir.resolve("json").toString());
        assertThat(Data.readJson(dir.resolve("json").toString()).sum("id")).isEqualTo(49_995_000L);
    }

    static Row failOnSeven(Row r) {
        if (r.getLong("id") == 7) {
            throw new IllegalStateException("seven is not allowed");
        }
        return r;
    }

    @Test
    void badInputFailsNamingWhatWasWrong(@TempDir Path dir) {
        assertThatThrownBy(() -> Data.range(20, 2).map(DatasetTest::failOnSeven).takeAll())
                .isInstanceOf(DataException.class).hasMessageContaining("Map(DatasetTest.failOnSeven)")
                .hasMessageContaining("range [0, 10)").hasMessageContaining("seven is not allowed");
        assertThatThrownBy(() -> Data.range(5).selectColumns("nope").takeAll())
                .isInstanceOf(DataException.class).hasMessageContaining("no column 'nope'")
                .hasMessageContaining("[id]");
        assertThatThrownBy(() -> Data.readParquet(dir.resolve("missing.parquet").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.parquet");
        assertThatThrownBy(() -> Data.readParquet(List.of(dir.toString()), List.of("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActorPoolOptions.of(0)).hasMessageContaining("concurrency must be at least 1, was 0");
    }

    @Test
    void imagesAreDecodedConvertedAndScaledAndFilesReadWhole(@TempDir Path dir) throws Exception {
        var gray = new java.awt.image.BufferedImage(4, 2, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setPixels(0, 0, 4, 2, new int[] {0, 10, 20, 30, 40, 50, 60, 255});
        java.nio.file.Files.createDirectories(dir.resolve("img/3"));
        javax.imageio.ImageIO.write(gray, "png", dir.resolve("img/3/a.png").toFile());
        var color = new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
        color.setRGB(0, 0, 0xFF0000);
        color.setRGB(1, 0, 0x00FF00);
        color.setRGB(0, 1, 0x0000FF);
        color.setRGB(1, 1, 0xFFFFFF);
        javax.imageio.ImageIO.write(color, "png", dir.resolve("img/b.png").toFile());

        List<Row> asIs = Data.readImages(dir.resolve("img").toString(), true, 0, 0, "L").takeAll();
        assertThat(asIs).hasSize(2);
        Row a = asIs.getFirst();
        assertThat(a.getString("path")).endsWith("3/a.png");
        assertThat(a.getLong("height")).isEqualTo(2);
        assertThat(a.getLong("width")).isEqualTo(4);
        assertThat(a.getBytes("image")).containsExactly(0, 10, 20, 30, 40, 50, 60, (byte) 255);

        Row rgb = Data.readImages(dir.resolve("img/b.png").toString(), false, 0, 0, "RGB").takeAll().getFirst();
        assertThat(rgb.getLong("channels")).isEqualTo(3);
        assertThat(rgb.getBytes("image")).containsExactly((byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255,
                (byte) 255, (byte) 255, (byte) 255);
        Row scaled = Data.readImages(dir.resolve("img/b.png").toString(), false, 4, 4, "L").takeAll().getFirst();
        assertThat(scaled.getBytes("image")).hasSize(16);
        assertThatThrownBy(() -> Data.readImages(dir.toString(), false, 28, 28, "CMYK"))
                .hasMessageContaining("image mode must be L (gray) or RGB, was 'CMYK'");

        java.nio.file.Files.write(dir.resolve("blob.bin"), new byte[] {1, 2, 3});
        assertThat(Data.readBinaryFiles(dir.resolve("blob.bin").toString(), true).takeAll().getFirst().getBytes("bytes"))
                .containsExactly(1, 2, 3);
    }

    @Test
    void zipPutsColumnsSideBySideAndShuffleFilesPermutesTheReads(@TempDir Path dir) {
        Dataset left = Data.range(1_000, 3);
        Dataset right = Data.range(1_000, 7).map(DatasetTest::square).dropColumns("id");
        List<Row> zipped = left.zip(right).takeAll();
        assertThat(zipped).hasSize(1_000);
        assertThat(zipped).allMatch(r -> r.getLong("square") == r.getLong("id") * r.getLong("id"));
        assertThat(left.zip(Data.range(1_000, 2)).schema().names()).containsExactly("id", "id_1");
        assertThatThrownBy(() -> left.zip(Data.range(10)).count()).isInstanceOf(DataException.class)
                .hasMessageContaining("same number of rows, got 1000 and 10");

        for (int i = 0; i < 6; i++) {
            Data.fromItems(List.of(i, i, i)).writeParquet(dir.resolve("f" + i).toString());
        }
        Dataset files = Data.readParquet(dir.toString());
        List<Long> inOrder = files.takeAll().stream().map(r -> r.getLong("item")).toList();
        assertThat(inOrder).containsExactly(0L, 0L, 0L, 1L, 1L, 1L, 2L, 2L, 2L, 3L, 3L, 3L, 4L, 4L, 4L, 5L, 5L, 5L);
        List<Long> shuffled = files.shuffleFiles(3).takeAll().stream().map(r -> r.getLong("item")).toList();
        assertThat(shuffled).containsExactlyInAnyOrderElementsOf(inOrder).isNotEqualTo(inOrder);
        assertThat(files.shuffleFiles(3).takeAll()).isEqualTo(files.shuffleFiles(3).takeAll());
        assertThatThrownBy(() -> files.limit(1).shuffleFiles(3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("just read from files");
    }

    @Test
    void statsCountEachStagesTasksRowsAndTime() {
        Dataset ds = Data.range(10_000, 4).map(DatasetTest::square)
                .mapBatches(AddOffset.class, ActorPoolOptions.of(1).numCpus(0.5).constructorArgs(1L))
                .randomShuffle(1).filter(DatasetTest::even);
        assertThat(ds.stats().operators()).isEmpty();
        assertThat(ds.count()).isEqualTo(5_000);
        DatasetStats stats = ds.stats();
        assertThat(stats.operators()).extracting(OperatorStats::name).containsExactly("Read->Map(DatasetTest.square)",
                "MapBatches(DatasetTest.AddOffset)", "RandomShuffle", "Filter(DatasetTest.even)");
        OperatorStats read = stats.operators().getFirst();
        assertThat(read.tasks()).isEqualTo(4);
        assertThat(read.rows()).isEqualTo(10_000);
        assertThat(read.bytes()).isPositive();
        assertThat(read.taskCpuTime()).isPositive();
        assertThat(stats.operators().get(1).rows()).isEqualTo(10_000);
        assertThat(stats.operators().get(3).rows()).isEqualTo(5_000);
        assertThat(stats.toString()).startsWith("Operator 1 Read->Map(DatasetTest.square): 4 task(s)");
    }

    @Test
    void aStreamingSplitGivesEveryRowToExactlyOneConsumerEachEpoch() throws Exception {
        List<DataIterator> splits = Data.range(20_000, 10).map(DatasetTest::square).streamingSplit(2);
        for (int epoch = 0; epoch < 2; epoch++) {
            var seen = java.util.Collections.synchronizedList(new ArrayList<Long>());
            var threads = new ArrayList<Thread>();
            for (DataIterator it : splits) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (Batch b : it.iterBatches(1_000)) {
                        for (long id : b.longs("id")) {
                            seen.add(id);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertThat(seen).as("epoch %d", epoch).containsExactlyInAnyOrderElementsOf(
                    LongStream.range(0, 20_000).boxed().toList());
        }
        // Blocks go to whoever asks: asked in turn, each consumer gets the next block.
        Iterator<Batch> first = splits.get(0).iterBatches(0).iterator();
        Iterator<Batch> second = splits.get(1).iterBatches(0).iterator();
        assertThat(first.next().longs("id")[0]).isEqualTo(0);
        assertThat(second.next().longs("id")[0]).isEqualTo(2_000);
    }

    @Test
    void theOperatorMemoryBudgetHoldsBackNewTasksWhileOutputWaits() {
        long before = DataContext.current().operatorMemoryBytes();
        try {
            DataContext.current().operatorMemoryBytes(1);
            MAPPED.set(0);
            assertThat(Data.range(1_000_000, 100).map(DatasetTest::counted).limit(5).take(5)).hasSize(5);
            // One task at a time: its block is over the budget, so nothing else starts before it is taken.
            assertThat(MAPPED.get()).isLessThanOrEqualTo(2 * 10_000);
            assertThat(Data.range(100_000, 10).count()).isEqualTo(100_000);
        } finally {
            DataContext.current().operatorMemoryBytes(before);
        }
        assertThatThrownBy(() -> DataContext.current().operatorMemoryBytes(0))
                .hasMessageContaining("operatorMemoryBytes must be at least 1, was 0");
    }

    static Row slow(Row r) throws InterruptedException {
        Thread.sleep(150);
        return r;
    }

    @Test
    void aLongExecutionLogsItsProgressPerStage() {
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.trellis.data.progress");
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try {
            assertThat(Data.range(40, 4).map(DatasetTest::slow).count()).isEqualTo(40);
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.startsWith("Data execution, 2 s: Read->Map(DatasetTest.slow): ") && m.contains("rows/s"));
    }

    /** Block 0 (ids 0..9) is slow: in order it comes first, out of order later. */
    static Row slowFirstBlock(Row r) throws InterruptedException {
        if (r.getLong("id") == 0) {
            Thread.sleep(1_500);
        }
        return r;
    }

    @Test
    void withoutPreservedOrderAFastBlockOvertakesASlowOne() {
        Dataset ds = Data.range(40, 4).map(DatasetTest::slowFirstBlock);
        assertThat(ids(ds).getFirst()).isZero();
        try {
            DataContext.current().preserveOrder(false);
            List<Long> unordered = ids(ds);
            assertThat(unordered).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 40).boxed().toList());
            assertThat(unordered.getFirst()).isNotZero();
        } finally {
            DataContext.current().preserveOrder(true);
        }
    }

    @Test
    void aBigParquetFileIsReadBySeveralTasksEachItsRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.parquet");
        long rows = 2 * Data.TASK_ROWS + 1_000;
        try (var c = dev.trellis.data.internal.io.DuckDb.open(); var s = c.createStatement()) {
            s.execute("COPY (SELECT range AS id FROM range(" + rows + ")) TO '" + file + "' (FORMAT parquet)");
        }
        Dataset ds = Data.readParquet(file.toString());
        assertThat(ds.toString()).contains("Read(3 task(s))");
        assertThat(ds.count()).isEqualTo(rows);
        assertThat(ds.stats().operators().getFirst().tasks()).isEqualTo(3);
        assertThat(ds.sum("id")).isEqualTo(rows * (rows - 1) / 2);
        assertThat(ds.take(3)).extracting(r -> r.getLong("id")).containsExactly(0L, 1L, 2L);
        assertThatThrownBy(() -> ds.map(DatasetTest::failOnSeven).count()).isInstanceOf(DataException.class)
                .hasMessageContaining("big.parquet rows [0, " + Data.TASK_ROWS + ")");
    }

    @Test
    void anEqualStreamingSplitGivesEveryConsumerTheSameRows() throws Exception {
        List<DataIterator> splits = Data.range(1_001, 7).streamingSplit(3, true);
        for (int epoch = 0; epoch < 2; epoch++) {
            var ids = new java.util.concurrent.ConcurrentHashMap<Integer, List<Long>>();
            var threads = new ArrayList<Thread>();
            for (DataIterator it : splits) {
                threads.add(Thread.ofPlatform().start(() -> {
                    var mine = new ArrayList<Long>();
                    for (Row r : it.iterRows()) {
                        mine.add(r.getLong("id"));
                    }
                    ids.put(it.index(), mine);
                }));
            }
            for (Thread t : threads) {
                t.join(60_000);
            }
            // 1,001 rows in order, shares [0, 333), [333, 667), [667, 1001): 333, 334 and 334 rows.
            assertThat(ids.get(0)).isEqualTo(LongStream.range(0, 333).boxed().toList());
            assertThat(ids.get(1)).isEqualTo(LongStream.range(333, 667).boxed().toList());
            assertThat(ids.get(2)).isEqualTo(LongStream.range(667, 1_001).boxed().toList());
        }
    }
}
