package dev.trellis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.data.Batch;
import dev.trellis.data.Data;
import dev.trellis.data.internal.io.BatchReader;
import dev.trellis.data.internal.io.DuckDb;
import dev.trellis.data.internal.io.FileFormat;
import dev.trellis.data.internal.io.FileReader;
import dev.trellis.data.internal.io.FileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Trellis Data's pipelines next to their baselines, in one JVM, alternating rounds:
 * Parquet to {@code mapBatches} (a cheap arithmetic column) to Parquet, against DuckDB doing the
 * same in one SQL statement and against a hand-written loop over the same reader and writer
 * (one file after another); and {@code randomShuffle} of every row against DuckDB sorting the
 * same rows by a random key; batch inference of a CNN on an actor pool against plain threads.
 * Prints {@link #RESULT} and the figures as JSON.
 */
public final class DataBenchmark {
    static final String RESULT = "RESULT ";

    private DataBenchmark() {
    }

    /** The benchmark's column: {@code x2 = 2 x}. */
    static Batch doubled(Batch b) {
        double[] x = b.doubles("x");
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * 2;
        }
        return b.withColumn("x2", out);
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        long rows = quick ? 2_000_000 : 10_000_000;
        int files = quick ? 8 : 16;
        int rounds = quick ? 2 : 3;
        int cpus = Runtime.getRuntime().availableProcessors();
        Path work = Files.createTempDirectory("trellis-data-bench");
        try {
            Path in = Files.createDirectories(work.resolve("in"));
            try (Connection c = DuckDb.open(); Statement s = c.createStatement()) {
                for (int f = 0; f < files; f++) {
                    s.execute("COPY (SELECT range AS id, range * 0.25 AS x, hash(range) % 1000 AS y FROM range("
                            + rows * f / files + ", " + rows * (f + 1) / files + ")) TO '" + in.resolve("part-" + f
                            + ".parquet") + "' (FORMAT parquet)");
                }
            }
            Trellis.init(TrellisOptions.builder().numCpus(cpus).build());
            var results = new ArrayList<double[]>(); // per round: trellis, duckdb, loop, shuffle, duckdb sort (seconds)
            // Warm-up: one small pass of each (class loading, JIT).
            Data.readParquet(in.resolve("part-0.parquet").toString()).mapBatches(DataBenchmark::doubled)
                    .writeParquet(work.resolve("warm").toString());
            for (int r = 0; r < rounds; r++) {
                double[] t = new double[5];
                long seed = r;
                t[0] = time(() -> Data.readParquet(in.toString()).mapBatches(DataBenchmark::doubled)
                        .writeParquet(fresh(work, "trellis").toString()));
                t[1] = time(() -> duckDb("COPY (SELECT *, x * 2 AS x2 FROM read_parquet('" + in + "/*.parquet')) TO '"
                        + fresh(work, "duck") + "' (FORMAT parquet, PER_THREAD_OUTPUT true)"));
                t[2] = time(() -> handLoop(in, fresh(work, "loop")));
                t[3] = time(() -> Data.readParquet(in.toString()).randomShuffle(seed).materialize().count());
                t[4] = time(() -> duckDb("CREATE TEMP TABLE shuffled AS SELECT * FROM read_parquet('" + in
                        + "/*.parquet') ORDER BY random()"));
                results.add(t);
            }
            double[] inference = inference(quick ? 4_000 : 10_000, cpus, rounds);
            Trellis.shutdown();
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("images", quick ? 4_000 : 10_000).put("pool_images_per_s", inference[0])
                    .put("loop_images_per_s", inference[1]);
            out.put("rows", rows).put("files", files).put("rounds", rounds).put("cpus", cpus)
                    .put("duckdb_threads", DuckDb.THREADS);
            ArrayNode runs = out.putArray("runs");
            for (double[] t : results) {
                runs.addObject().put("trellis_s", t[0]).put("duckdb_s", t[1]).put("loop_s", t[2])
                        .put("shuffle_s", t[3]).put("duckdb_sort_s", t[4]);
            }
            out.put("trellis_rows_per_s", rows / median(results, 0)).put("duckdb_rows_per_s", rows / median(results, 1))
                    .put("loop_rows_per_s", rows / median(results, 2)).put("shuffle_s", median(results, 3))
                    .put("duckdb_sort_s", median(results, 4));
            System.out.println(RESULT + out);
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Batch inference of the examples' Fashion-MNIST network over {@code count} random images:
     * {@code mapBatches} on a pool of {@code threads} actors (1 CPU each) against {@code threads}
     * plain threads, each with its own network, classifying their share one image at a time, the
     * way each actor does. Medians of images/s over {@code rounds}, alternating: {pool, loop}.
     */
    private static double[] inference(int count, int threads, int rounds) throws Exception {
        var random = new java.util.Random(5);
        var batches = new ArrayList<Batch>();
        for (int from = 0; from < count; from += 500) {
            int n = Math.min(500, count - from);
            byte[][] images = new byte[n][784];
            for (byte[] img : images) {
                random.nextBytes(img);
            }
            batches.add(dev.trellis.examples.data.FashionMnistBatchInference.normalize(Batch.of("image", images)));
        }
        String model = dev.trellis.examples.classifier.FashionClassifier.FASHION_CNN;
        var pool = new ArrayList<Double>();
        var loop = new ArrayList<Double>();
        for (int r = 0; r < rounds + 1; r++) { // the first round warms up
            double poolS = time(() -> Data.fromBatches(batches).mapBatches(
                    dev.trellis.examples.data.FashionBatchClassifier.class,
                    dev.trellis.data.ActorPoolOptions.of(threads).numCpus(1).constructorArgs(model)).count());
            double loopS = time(() -> {
                var workers = new ArrayList<Thread>();
                for (int t = 0; t < threads; t++) {
                    int share = t;
                    workers.add(Thread.ofPlatform().start(() -> {
                        var classifier = new dev.trellis.examples.data.FashionBatchClassifier(model);
                        for (int b = share; b < batches.size(); b += threads) {
                            classifier.apply(batches.get(b));
                        }
                    }));
                }
                for (Thread w : workers) {
                    w.join();
                }
            });
            if (r > 0) {
                pool.add(count / poolS);
                loop.add(count / loopS);
            }
        }
        pool.sort(null);
        loop.sort(null);
        return new double[] {pool.get(pool.size() / 2), loop.get(loop.size() / 2)};
    }

    private static Path fresh(Path work, String name) throws Exception {
        Path dir = work.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return dir;
    }

    private static void duckDb(String sql) throws Exception {
        try (Connection c = DuckDb.open(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The same reader and writer as Trellis's tasks, one file after another on this thread. */
    private static void handLoop(Path in, Path out) throws Exception {
        List<Path> inputs;
        try (Stream<Path> all = Files.list(in)) {
            inputs = all.sorted().toList();
        }
        int i = 0;
        for (Path f : inputs) {
            try (BatchReader reader = FileReader.read(f, FileFormat.PARQUET, null, Data.DEFAULT_BATCH_ROWS)) {
                Iterator<Batch> mapped = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return reader.hasNext();
                    }

                    @Override
                    public Batch next() {
                        return doubled(reader.next());
                    }
                };
                FileWriter.write(mapped, out, String.format("part-%05d", i++), FileFormat.PARQUET);
            }
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static double time(Body body) throws Exception {
        long start = System.nanoTime();
        body.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<double[]> runs, int column) {
        double[] v = runs.stream().mapToDouble(t -> t[column]).sorted().toArray();
        return v[v.length / 2];
    }
}
