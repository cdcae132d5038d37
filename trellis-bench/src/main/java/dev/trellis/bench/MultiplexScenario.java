package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario {@code multiplex}: {@link MultiplexBenchmark} in a JVM of its own. For one model and
 * for six, calls naming the model as a multiplexed model id (routed to replicas holding it)
 * against the same calls naming it as an argument (routed without regard to models), with
 * throughput, latency and model loads, and the ratios of each pair.
 */
final class MultiplexScenario implements Scenario {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @Override
    public String name() {
        return "multiplex";
    }

    @Override
    public String title() {
        return "Model multiplexing: routing by model id vs model id as an argument";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        ObjectNode figures = JvmProcess.runForFigures("multiplex-benchmark", MultiplexBenchmark.class, settings, MultiplexBenchmark.RESULT, TIMEOUT);
        List<JsonNode> rows = new ArrayList<>();
        figures.path("results").forEach(rows::add);
        var table = new StringBuilder(String.format(Locale.ROOT,
                "%d virtual-thread callers, model ids drawn uniformly; %d replicas (max_ongoing_requests=%d), each "
                        + "caching %d models whose load takes %d ms. %d s per row after a 2 s warm-up, each row on a "
                        + "fresh deployment. The baseline passes the model id as an argument, so calls are routed "
                        + "without regard to models.%n%n"
                        + "| target | calls/s | p50 µs | p99 µs | loads per 1000 calls | throughput vs baseline | "
                        + "p50 vs baseline |%n|---|---:|---:|---:|---:|---:|---:|%n",
                figures.path("callers").asInt(), figures.path("replicas").asInt(),
                figures.path("max_ongoing_requests").asInt(), figures.path("max_num_models_per_replica").asInt(),
                figures.path("load_ms").asInt(), figures.path("phase_s").asLong()));
        List<String> summary = new ArrayList<>();
        JsonNode baseline = null;
        for (JsonNode r : rows) {
            if (!r.path("routed_by_model").asBoolean()) {
                baseline = r;
            }
            double throughputRatio = r.path("calls_per_second").asDouble() / baseline.path("calls_per_second").asDouble();
            double p50Ratio = r.path("p50_us").asDouble() / baseline.path("p50_us").asDouble();
            ((ObjectNode) r).put("throughput_ratio", throughputRatio).put("p50_ratio", p50Ratio);
            double loadsPerThousand = 1000.0 * r.path("loads").asLong() / Math.max(1, r.path("calls").asLong());
            table.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %.2f | %s | %s |%n",
                    r.path("target").asText(), r.path("calls_per_second").asDouble(), r.path("p50_us").asDouble(),
                    r.path("p99_us").asDouble(), loadsPerThousand, Comparison.ratio(throughputRatio),
                    Comparison.ratio(p50Ratio)));
            if (r.path("routed_by_model").asBoolean()) {
                summary.add(String.format(Locale.ROOT, "%s: %.0f calls/s (%s of the argument baseline), p50 %.1f µs "
                        + "(%s), %.2f loads per 1000 calls", r.path("target").asText(),
                        r.path("calls_per_second").asDouble(), Comparison.ratio(throughputRatio),
                        r.path("p50_us").asDouble(), Comparison.ratio(p50Ratio), loadsPerThousand));
            }
        }
        return new ScenarioResult(figures, table.toString(), summary);
    }
}
