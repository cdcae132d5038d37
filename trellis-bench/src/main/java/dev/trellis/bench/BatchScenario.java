package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Scenario {@code batch}: {@link BatchBenchmark} in a JVM of its own; throughput and p50/p99 of a
 * model that gains from batching ({@link DenseLayer}), called one input at a time by 64
 * concurrent callers, without and with {@code @Batch}, on the same deployment. Target: at least
 * 3x the throughput with {@code @Batch}, at a comparable (here: not higher) p99.
 */
final class BatchScenario implements Scenario {
    static final double THROUGHPUT_TARGET = 3.0;
    private static final Duration TIMEOUT = Duration.ofMinutes(6);

    @Override
    public String name() {
        return "batch";
    }

    @Override
    public String title() {
        return "Dynamic request batching: a dense layer with and without @Batch";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        ObjectNode figures = JvmProcess.runForFigures("batch-benchmark", BatchBenchmark.class, settings, BatchBenchmark.RESULT, TIMEOUT);
        JsonNode without = figures.path("results").get(0);
        JsonNode with = figures.path("results").get(1);
        double ratio = with.path("calls_per_second").asDouble() / without.path("calls_per_second").asDouble();
        double p99Ratio = with.path("p99_ms").asDouble() / without.path("p99_ms").asDouble();
        boolean met = ratio >= THROUGHPUT_TARGET && p99Ratio <= 1.0;
        ObjectNode targets = figures.putObject("targets");
        targets.put("min_throughput_ratio", THROUGHPUT_TARGET).put("throughput_ratio", ratio)
                .put("p99_ratio", p99Ratio).put("met", met);
        String target = String.format(Locale.ROOT, "Throughput with @Batch >= %.1fx without, at a p99 no higher: "
                + "**%s** (%s, p99 %.1f ms vs %.1f ms)", THROUGHPUT_TARGET, met ? "met" : "not met",
                Comparison.ratio(ratio), with.path("p99_ms").asDouble(), without.path("p99_ms").asDouble());
        return new ScenarioResult(figures, markdown(figures, without, with, ratio, p99Ratio) + "\nTarget:\n\n- "
                + target + "\n", List.of(String.format(Locale.ROOT, "@Batch %s the throughput (%.0f vs %.0f calls/s),"
                + " p99 %.1f vs %.1f ms", Comparison.ratio(ratio), with.path("calls_per_second").asDouble(),
                without.path("calls_per_second").asDouble(), with.path("p99_ms").asDouble(),
                without.path("p99_ms").asDouble())));
    }

    private static String markdown(JsonNode f, JsonNode without, JsonNode with, double ratio, double p99Ratio) {
        JsonNode alone = f.path("model_alone");
        var out = new StringBuilder(String.format(Locale.ROOT, """
                The model: one dense layer `y = W x`, W %d x %d floats (%d MiB, more than the last-level cache), in \
                `DenseLayer`. One by one, each input streams all of W from memory (a matrix-vector product: memory \
                bound); in a batch, each block of W is applied to every input while it is in cache (a matrix-matrix \
                product: compute bound). Both paths run the same code (a batch of one, or of many) and give \
                bit-identical results. Measured alone on one thread first: **%.0f µs per input one by one, %.0f µs \
                per input in batches of %d (%s cheaper)**.

                The load: %d in-process callers in a closed loop through the deployment's handle, each waiting \
                for its result, on one replica with max_ongoing_requests=%d; `remote(DenseLayer::predict, x)` \
                without batching, `remoteBatched(DenseLayer::predictBatch, x)` with `@Batch(maxBatchSize = %d, \
                batchWaitTimeoutMillis = %d, maxConcurrentBatches = %d)`. %d s warm-up each, then %d rounds of %d s \
                each, alternating, so that other work on the machine disturbs both alike.

                | target | calls/s | p50 ms | p99 ms | throughput vs without | p99 vs without |
                |---|---:|---:|---:|---:|---:|
                """, f.path("outputs").asInt(), f.path("inputs").asInt(), f.path("weights_mib").asInt(),
                alone.path("us_per_input_one_by_one").asDouble(), alone.path("us_per_input_batched").asDouble(),
                f.path("max_batch_size").asInt(), Comparison.ratio(alone.path("gain").asDouble()),
                f.path("callers").asInt(), f.path("max_ongoing_requests").asInt(), f.path("max_batch_size").asInt(),
                f.path("batch_wait_timeout_ms").asLong(), f.path("max_concurrent_batches").asInt(),
                f.path("warm_up_s").asLong(), f.path("rounds").asInt(), f.path("phase_s").asLong()));
        out.append(row(without, "1.00x", "1.00x"));
        out.append(row(with, Comparison.ratio(ratio), Comparison.ratio(p99Ratio)));
        return out.toString();
    }

    private static String row(JsonNode r, String throughput, String p99) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %s | %s |%n", r.path("target").asText(),
                r.path("calls_per_second").asDouble(), r.path("p50_ms").asDouble(), r.path("p99_ms").asDouble(),
                throughput, p99);
    }
}
