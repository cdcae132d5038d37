package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Scenario {@code data}: {@link DataBenchmark} in a JVM of its own. Trellis Data's Parquet to
 * {@code mapBatches} to Parquet as a ratio to DuckDB's one SQL statement and to a hand-written loop
 * over the same reader and writer (issue 16's aim: at least 0.7x the loop), and {@code randomShuffle}
 * of every row as a ratio to DuckDB sorting the rows by a random key.
 */
final class DataScenario implements Scenario {
    static final double LOOP_RATIO_TARGET = 0.7;
    static final double INFERENCE_RATIO_TARGET = 0.8;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Override
    public String name() {
        return "data";
    }

    @Override
    public String title() {
        return "Trellis Data: Parquet -> mapBatches -> Parquet, randomShuffle and batch inference, against DuckDB and plain loops";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        ObjectNode f = JvmProcess.runForFigures("data-benchmark", DataBenchmark.class, settings, DataBenchmark.RESULT,
                TIMEOUT);
        double trellis = f.path("trellis_rows_per_s").asDouble();
        double duck = f.path("duckdb_rows_per_s").asDouble();
        double loop = f.path("loop_rows_per_s").asDouble();
        double vsLoop = trellis / loop;
        double vsDuck = trellis / duck;
        double shuffleRatio = f.path("shuffle_s").asDouble() / f.path("duckdb_sort_s").asDouble();
        boolean met = vsLoop >= LOOP_RATIO_TARGET;
        double poolRate = f.path("pool_images_per_s").asDouble();
        double plainRate = f.path("loop_images_per_s").asDouble();
        double inferenceRatio = poolRate / plainRate;
        boolean inferenceMet = inferenceRatio >= INFERENCE_RATIO_TARGET;
        f.putObject("targets").put("min_loop_ratio", LOOP_RATIO_TARGET).put("loop_ratio", vsLoop)
                .put("duckdb_ratio", vsDuck).put("shuffle_time_ratio", shuffleRatio).put("met", met)
                .put("min_inference_ratio", INFERENCE_RATIO_TARGET).put("inference_ratio", inferenceRatio)
                .put("inference_met", inferenceMet);
        var md = new StringBuilder(String.format(Locale.ROOT, """
                %d rows (columns `id` BIGINT, `x` DOUBLE, `y` BIGINT) in %d Parquet files written by DuckDB, read and \
                written again with a column `x2 = 2 x` added; %d round(s), alternating, medians. Trellis Data runs \
                embedded with %d CPUs (one read task per file, fused with the map, one write task per block); DuckDB \
                runs `COPY (SELECT *, x * 2 AS x2 FROM read_parquet(...)) TO ... (FORMAT parquet, PER_THREAD_OUTPUT)` \
                on %d threads; the loop reads each file with Trellis Data's reader, maps each batch and writes one \
                file with its writer, one file after another on one thread. The shuffle: \
                `readParquet(...).randomShuffle(seed).materialize()` against DuckDB's `CREATE TEMP TABLE ... AS \
                SELECT * FROM read_parquet(...) ORDER BY random()`.

                | pipeline | rows/s | vs hand-written loop | vs DuckDB |
                |---|---:|---:|---:|
                | Trellis Data | %.0f | %s | %s |
                | hand-written loop (same reader and writer) | %.0f | 1.00x | %s |
                | DuckDB, one SQL statement | %.0f | %s | 1.00x |

                | shuffle | seconds | vs DuckDB |
                |---|---:|---:|
                | Trellis Data `randomShuffle` | %.2f | %s |
                | DuckDB `ORDER BY random()` | %.2f | 1.00x |

                Batch inference: the examples' Fashion-MNIST CNN (ONNX Runtime) over %d random 28 x 28 images in                 blocks of 500, `mapBatches(FashionBatchClassifier.class, ActorPoolOptions.of(%d).numCpus(1))`                 against %d plain threads, each with its own network, classifying its share of the blocks the same                 way (one image at a time); a warm-up round, then medians.

                | inference | images/s | vs plain threads |
                |---|---:|---:|
                | actor pool (`mapBatches(Class)`) | %.0f | %s |
                | plain threads, same code | %.0f | 1.00x |

                Targets:

                - Trellis Data >= %.1fx the hand-written loop: **%s** (%s)
                - Actor-pool inference >= %.1fx plain threads: **%s** (%s)
                """, f.path("rows").asLong(), f.path("files").asInt(), f.path("rounds").asInt(), f.path("cpus").asInt(),
                f.path("duckdb_threads").asInt(), trellis, Comparison.ratio(vsLoop), Comparison.ratio(vsDuck), loop,
                Comparison.ratio(loop / duck), duck, Comparison.ratio(duck / loop), f.path("shuffle_s").asDouble(),
                Comparison.ratio(shuffleRatio), f.path("duckdb_sort_s").asDouble(), f.path("images").asInt(),
                f.path("cpus").asInt(), f.path("cpus").asInt(), poolRate, Comparison.ratio(inferenceRatio), plainRate,
                LOOP_RATIO_TARGET, met ? "met" : "not met", Comparison.ratio(vsLoop), INFERENCE_RATIO_TARGET,
                inferenceMet ? "met" : "not met", Comparison.ratio(inferenceRatio)));
        JsonNode runs = f.path("runs");
        md.append("\nRounds (seconds): ");
        for (JsonNode r : runs) {
            md.append(String.format(Locale.ROOT, "[Trellis %.2f, DuckDB %.2f, loop %.2f, shuffle %.2f, DuckDB sort %.2f] ",
                    r.path("trellis_s").asDouble(), r.path("duckdb_s").asDouble(), r.path("loop_s").asDouble(),
                    r.path("shuffle_s").asDouble(), r.path("duckdb_sort_s").asDouble()));
        }
        md.append('\n');
        return new ScenarioResult(f, md.toString(), List.of(String.format(Locale.ROOT,
                "Data Parquet->mapBatches->Parquet %s the hand-written loop, %s DuckDB; randomShuffle %s DuckDB's sort time;"
                        + " actor-pool inference %s plain threads", Comparison.ratio(vsLoop), Comparison.ratio(vsDuck),
                Comparison.ratio(shuffleRatio), Comparison.ratio(inferenceRatio))));
    }
}
