package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario {@code handle}: {@link HandleBenchmark} in a JVM of its own with the harness's flags;
 * p50/p99 at one caller and throughput at 64 callers, each also as a ratio to the Pekko
 * baseline measured in the same run.
 */
final class HandleScenario implements Scenario {
    private static final Duration TIMEOUT = Duration.ofMinutes(6);

    /** One target's figures as {@link HandleBenchmark} reports them, with its ratios to the baseline. */
    private record Row(String target, double p50Micros, double p99Micros, double callsPerSecond, double p50Ratio,
            double p99Ratio, double throughputRatio) {
    }

    @Override
    public String name() {
        return "handle";
    }

    @Override
    public String title() {
        return "In-process handle calls";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        ObjectNode figures = JvmProcess.runForFigures("handle-benchmark", HandleBenchmark.class, settings, HandleBenchmark.RESULT, TIMEOUT);
        String baseline = figures.path("baseline").asText();
        JsonNode base = null;
        for (JsonNode r : figures.path("results")) {
            base = r.path("target").asText().equals(baseline) ? r : base;
        }
        if (base == null) {
            throw new IllegalStateException("the handle benchmark reported no baseline '" + baseline + "'");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : figures.path("results")) {
            var row = new Row(r.path("target").asText(), r.path("p50_us").asDouble(), r.path("p99_us").asDouble(),
                    r.path("calls_per_second").asDouble(),
                    r.path("p50_us").asDouble() / base.path("p50_us").asDouble(),
                    r.path("p99_us").asDouble() / base.path("p99_us").asDouble(),
                    r.path("calls_per_second").asDouble() / base.path("calls_per_second").asDouble());
            ((ObjectNode) r).put("p50_ratio", row.p50Ratio()).put("p99_ratio", row.p99Ratio())
                    .put("throughput_ratio", row.throughputRatio());
            rows.add(row);
        }
        int callers = figures.path("callers").asInt();
        Row trellis = rows.stream().filter(r -> r.target().startsWith("Trellis")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the handle benchmark reported no Trellis row"));
        boolean throughputMet = trellis.throughputRatio() >= THROUGHPUT_TARGET;
        boolean latencyMet = trellis.p50Ratio() <= P50_TARGET;
        ObjectNode targets = figures.putObject("targets");
        targets.put("min_throughput_ratio", THROUGHPUT_TARGET).put("throughput_ratio", trellis.throughputRatio())
                .put("throughput_met", throughputMet).put("max_p50_ratio", P50_TARGET)
                .put("p50_ratio", trellis.p50Ratio()).put("p50_met", latencyMet);
        String throughputLine = String.format(Locale.ROOT, "Throughput at %d callers >= %.1fx the Pekko ask: **%s** (%s)",
                callers, THROUGHPUT_TARGET, HttpScenario.met(throughputMet), Comparison.ratio(trellis.throughputRatio()));
        String latencyLine = String.format(Locale.ROOT,
                "p50 at 1 caller no worse than the Pekko ask (as before issue 13, 0.99x): **%s** (%s)",
                HttpScenario.met(latencyMet), Comparison.ratio(trellis.p50Ratio()));
        List<String> summary = new ArrayList<>(rows.stream().filter(r -> r.target().startsWith("Trellis"))
                .map(r -> summary(r, callers)).toList());
        summary.add(throughputLine.replace("**", ""));
        summary.add(latencyLine.replace("**", ""));
        return new ScenarioResult(figures, table(rows, callers, figures.path("latency_phase_s").asLong())
                + "\nTargets:\n\n- " + throughputLine + "\n- " + latencyLine + "\n", summary);
    }

    /** Issue 13's goals: handle calls at least as fast as the Pekko ask they are built on. */
    static final double THROUGHPUT_TARGET = 1.0;
    static final double P50_TARGET = 1.0;

    private static String table(List<Row> rows, int callers, long phaseSeconds) {
        var out = new StringBuilder(String.format(Locale.ROOT,
                "A no-op deployment called through its handle with `.result()`, next to the hops such a call makes "
                        + "at least. %d s per phase after a 2 s warm-up; throughput with %d virtual-thread callers.%n%n"
                        + "| target | p50 µs (1 caller) | p99 µs (1 caller) | calls/s (%d callers) | p50 vs Pekko | "
                        + "p99 vs Pekko | throughput vs Pekko |%n|---|---:|---:|---:|---:|---:|---:|%n",
                phaseSeconds, callers, callers));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %s | %s | %s |%n", r.target(),
                    r.p50Micros(), r.p99Micros(), r.callsPerSecond(), Comparison.ratio(r.p50Ratio()),
                    Comparison.ratio(r.p99Ratio()), Comparison.ratio(r.throughputRatio())));
        }
        return out.toString();
    }

    private static String summary(Row r, int callers) {
        return String.format(Locale.ROOT, "Trellis handle: p50 %.1f µs, p99 %.1f µs at 1 caller (%s, %s of Pekko "
                + "ask), %.0f calls/s at %d callers (%s of Pekko ask)", r.p50Micros(), r.p99Micros(),
                Comparison.ratio(r.p50Ratio()), Comparison.ratio(r.p99Ratio()), r.callsPerSecond(), callers,
                Comparison.ratio(r.throughputRatio()));
    }
}
