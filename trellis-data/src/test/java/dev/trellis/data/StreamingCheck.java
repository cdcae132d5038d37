package dev.trellis.data;

import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.data.internal.io.DuckDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a JVM with a small heap by {@link BoundedMemoryStreamingTest}: generates Parquet files
 * holding {@code factor} times the heap (with DuckDB, off the heap), streams them through
 * {@code mapBatches} to Parquet in an embedded node, and prints the rows written, the peak heap
 * used and the peak object-store bytes in memory, sampled every 20 ms.
 * Arguments: WORK_DIR FACTOR.
 */
public final class StreamingCheck {
    private StreamingCheck() {
    }

    static Batch doubled(Batch b) {
        double[] x = b.doubles("x");
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * 2;
        }
        return b.withColumn("x2", out);
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int factor = Integer.parseInt(args[1]);
        long heap = Runtime.getRuntime().maxMemory();
        long rowBytes = 8 + 8 + 8; // id, x, y as they sit in a batch
        long rows = factor * heap / rowBytes;
        int files = 16;
        Path in = Files.createDirectories(work.resolve("in"));
        try (Connection c = DuckDb.open(); Statement s = c.createStatement()) {
            for (int f = 0; f < files; f++) {
                long from = rows * f / files;
                long to = rows * (f + 1) / files;
                s.execute("COPY (SELECT range AS id, range * 0.5 AS x, random() AS y FROM range(" + from + ", " + to
                        + ")) TO '" + in.resolve("part-" + f + ".parquet") + "' (FORMAT parquet)");
            }
        }
        System.out.println("input: " + rows + " rows (" + rows * rowBytes / (1 << 20) + " MiB in batches), heap "
                + heap / (1 << 20) + " MiB");

        var registry = new SimpleMeterRegistry();
        Trellis.init(TrellisOptions.builder().numCpus(2).objectStoreBytes(heap / 4)
                .spillDirectory(Files.createDirectories(work.resolve("spill"))).build());
        Trellis.bindMetrics(registry);
        var peakHeap = new AtomicLong();
        var peakStore = new AtomicLong();
        var memory = ManagementFactory.getMemoryMXBean();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                var g = registry.find("trellis.core.object.store.memory").tag("location", "IN_MEMORY").gauge();
                if (g != null) {
                    peakStore.accumulateAndGet((long) g.value(), Math::max);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        try {
            Data.readParquet(in.toString()).mapBatches(StreamingCheck::doubled).writeParquet(work.resolve("out").toString());
        } finally {
            sampler.interrupt();
            Trellis.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long written;
        double sum;
        try (Connection c = DuckDb.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), sum(x2 - 2 * x) FROM read_parquet('" + work.resolve("out")
                     + "/*.parquet')")) {
            r.next();
            written = r.getLong(1);
            sum = r.getDouble(2);
        }
        System.out.printf("written: %d rows, check %.1f, in %.1f s; peak heap %d MiB of %d MiB; peak object store"
                + " in memory %d MiB (budget %d MiB)%n", written, sum, seconds, peakHeap.get() >> 20, heap >> 20,
                peakStore.get() >> 20, (heap / 4) >> 20);
    }
}
