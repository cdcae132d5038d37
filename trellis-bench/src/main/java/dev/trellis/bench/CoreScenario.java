package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario {@code core}: {@link CoreBenchmark} in a JVM of its own with the harness's flags, Trellis
 * Core embedded in one JVM next to plain-JDK baselines, with Ray's published microbenchmark figures
 * quoted beside for reference ({@link #RAY}).
 */
final class CoreScenario implements Scenario {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    /** Issue 14's goal: empty tasks embedded, submitted in batches and all gotten. */
    static final double TASKS_PER_SECOND_TARGET = 10_000;

    /**
     * Ray's figures (operations per second) for the same operations, from
     * {@code release/perf_metrics/microbenchmark.json} in ray-project/ray as of the 2.48.0 perf
     * metrics (ray-project/ray pull request 54632, 2025-07-15): the {@code microbenchmark} release
     * test, whose compute template ({@code release/microbenchmark/tpl_64.yaml}) is one AWS
     * m5.16xlarge (64 vCPUs).
     */
    static final Map<String, Double> RAY = new LinkedHashMap<>();

    static {
        RAY.put("single_client_tasks_async", 8040.530786886751);
        RAY.put("single_client_tasks_sync", 980.7121217208985);
        RAY.put("1_1_actor_calls_sync", 2011.916260420167);
        RAY.put("1_1_actor_calls_async", 8663.654839458402);
        RAY.put("single_client_put_calls_Plasma_Store", 5173.290112206238);
        RAY.put("single_client_get_calls_Plasma_Store", 10620.405550394937);
        RAY.put("multi_client_put_calls_Plasma_Store", 16526.35985553258);
        RAY.put("multi_client_tasks_async", 21229.843138559452);
    }

    static final String RAY_SOURCE = "Ray 2.48.0's release perf metrics: `release/perf_metrics/microbenchmark.json` "
            + "in [ray-project/ray](https://github.com/ray-project/ray/blob/master/release/perf_metrics/microbenchmark.json) "
            + "as updated by [ray-project/ray#54632](https://github.com/ray-project/ray/pull/54632) (\"Add perf "
            + "metrics for 2.48.0\", 2025-07-15), written by the `microbenchmark` release test "
            + "(`python/ray/_private/ray_perf.py`) on the compute template `release/microbenchmark/tpl_64.yaml`: one "
            + "AWS m5.16xlarge (64 vCPUs)";

    @Override
    public String name() {
        return "core";
    }

    @Override
    public String title() {
        return "Trellis Core embedded: tasks, actor calls, put/get";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        return report(JvmProcess.runForFigures("core-benchmark", CoreBenchmark.class, settings, CoreBenchmark.RESULT,
                TIMEOUT));
    }

    /** The report of {@link CoreBenchmark}'s figures: ratios, targets and Ray's figures added. */
    static ScenarioResult report(ObjectNode figures) {
        ObjectNode ray = figures.putObject("ray_reference");
        ray.put("source", "ray-project/ray release/perf_metrics/microbenchmark.json, Ray 2.48.0 (PR #54632, "
                + "2025-07-15); microbenchmark release test on one m5.16xlarge (64 vCPUs)");
        ObjectNode rayFigures = ray.putObject("per_second");
        RAY.forEach(rayFigures::put);

        JsonNode tasks = find(figures, "single_client_tasks_async", "num_cpus=1");
        double tasksPerSecond = tasks.path("trellis").path("per_second").asDouble();
        boolean tasksMet = tasksPerSecond >= TASKS_PER_SECOND_TARGET;
        boolean sameInstance = figures.path("get_returns_same_instance").asBoolean();
        figures.putObject("targets").put("min_tasks_per_second", TASKS_PER_SECOND_TARGET)
                .put("tasks_per_second", tasksPerSecond).put("tasks_met", tasksMet)
                .put("get_returns_same_instance", sameInstance);

        String tasksLine = String.format(Locale.ROOT,
                "Empty tasks embedded (num_cpus=1, %d submitted then all gotten) >= %,.0f/s: **%s** (%,.0f/s)",
                figures.path("batch").asInt(), TASKS_PER_SECOND_TARGET, HttpScenario.met(tasksMet), tasksPerSecond);
        String instanceLine = "`get` returns the very instance that was `put` (no copy), also as a task's argument: **"
                + HttpScenario.met(sameInstance) + "**";
        List<String> summary = new ArrayList<>();
        for (JsonNode c : figures.path("comparisons")) {
            summary.add(String.format(Locale.ROOT, "%s: %,.0f/s (%s of %s)", c.path("measure").asText(),
                    c.path("trellis").path("per_second").asDouble(), ratio(c.path("throughput_ratio").asDouble()),
                    c.path("baseline").path("target").asText()));
        }
        summary.add(tasksLine.replace("**", ""));
        summary.add(instanceLine.replace("**", "").replace("`", ""));
        return new ScenarioResult(figures, table(figures) + "\nTargets:\n\n- " + tasksLine + "\n- " + instanceLine
                + "\n\n" + rayTable(figures), summary);
    }

    private static JsonNode find(ObjectNode figures, String rayMetric, String target) {
        for (JsonNode c : figures.path("comparisons")) {
            if (c.path("ray_metric").asText().equals(rayMetric) && c.path("trellis").path("target").asText().contains(target)) {
                return c;
            }
        }
        throw new IllegalStateException("the core benchmark reported no " + rayMetric + " figure for " + target);
    }

    private static String table(ObjectNode figures) {
        var out = new StringBuilder(String.format(Locale.ROOT,
                "One embedded node with this machine's %d cores (%.0f CPUs), measured as Ray's `ray microbenchmark` "
                        + "measures Ray Core (same operations, Ray's metric names), each next to a plain-JDK baseline "
                        + "measured right after it in the same JVM. %d s warm-up, then %d s per phase; batches of %d; "
                        + "rates are operations over the phase's wall time. Threads started: platform threads the JVM "
                        + "started during the phase (virtual threads, on which actor calls run, are not counted).%n%n"
                        + "| measure | Ray's metric | target | ops/s | p50 µs | p99 µs | threads started | throughput vs "
                        + "baseline | p50 vs baseline |%n|---|---|---|---:|---:|---:|---:|---:|---:|%n",
                figures.path("cores").asInt(), figures.path("node_cpus").asDouble(), figures.path("warm_up_s").asLong(),
                figures.path("phase_s").asLong(), figures.path("batch").asInt()));
        for (JsonNode c : figures.path("comparisons")) {
            JsonNode base = c.path("baseline");
            JsonNode trellis = c.path("trellis");
            out.append(row(c.path("measure").asText(), "`" + c.path("ray_metric").asText() + "`", base, "1.00x",
                    c.has("p50_ratio") ? "1.00x" : ""));
            out.append(row("", "", trellis, ratio(c.path("throughput_ratio").asDouble()),
                    c.has("p50_ratio") ? ratio(c.path("p50_ratio").asDouble()) : ""));
        }
        return out.toString();
    }

    private static String row(String measure, String rayMetric, JsonNode r, String throughputRatio, String p50Ratio) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %s | %s | %d | %s | %s |%n", measure, rayMetric,
                r.path("target").asText(), r.path("per_second").asDouble(), micros(r, "p50_us"), micros(r, "p99_us"),
                r.path("platform_threads_started").asLong(), throughputRatio, p50Ratio);
    }

    private static String micros(JsonNode r, String field) {
        return r.has(field) ? String.format(Locale.ROOT, "%.1f", r.path(field).asDouble()) : "";
    }

    private static String rayTable(ObjectNode figures) {
        var out = new StringBuilder("For reference, Ray's published figures for the same operations (" + RAY_SOURCE
                + "). Ray runs the driver, the raylet and worker processes talking over gRPC and serializes every "
                + "value; embedded Trellis runs everything in one JVM and hands references over, here on "
                + figures.path("cores").asInt() + " cores: the columns show what the embedded mode costs next to "
                + "Ray's, not the same work on the same machine. Ray's `put` puts the integer 0 and its `get` gets it "
                + "back (deserialized); its tasks and actor calls return `b\"ok\"`.\n\n"
                + "| Ray's metric | Ray 2.48.0, ops/s (m5.16xlarge) | Trellis embedded here, ops/s |\n|---|---:|---:|\n");
        Map<String, Double> ours = new LinkedHashMap<>();
        for (JsonNode c : figures.path("comparisons")) {
            ours.putIfAbsent(c.path("ray_metric").asText(), c.path("trellis").path("per_second").asDouble());
        }
        RAY.forEach((metric, value) -> out.append(String.format(Locale.ROOT, "| `%s` | %,.0f | %s |%n", metric, value,
                ours.containsKey(metric) ? String.format(Locale.ROOT, "%,.0f", ours.get(metric)) : "not measured")));
        return out.toString();
    }

    /** Such as 0.72x, or 0.005x below a tenth. */
    static String ratio(double value) {
        return String.format(Locale.ROOT, value >= 0.1 ? "%.2fx" : "%.3fx", value);
    }
}
