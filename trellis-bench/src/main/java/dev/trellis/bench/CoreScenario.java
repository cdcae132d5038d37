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
 * Core embedded in one JVM next to plain-JDK baselines; then {@link CoreClusterBenchmark}, Trellis
 * Core across two JVMs (a driver and a head node it starts) next to raw TCP between the same two
 * JVMs and divided by the embedded figures just measured; with Ray's published microbenchmark
 * figures quoted beside for reference ({@link #RAY}).
 */
final class CoreScenario implements Scenario {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final Duration CLUSTER_TIMEOUT = Duration.ofMinutes(5);

    /** Issue 14's goal: 1 GiB moved between two nodes at this share of a raw TCP copy's throughput, or more. */
    static final double TRANSFER_RATIO_TARGET = 0.5;

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
        return "Trellis Core embedded and across two JVMs: tasks, actor calls, put/get, 1 GiB moves";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        ObjectNode figures = JvmProcess.runForFigures("core-benchmark", CoreBenchmark.class, settings,
                CoreBenchmark.RESULT, TIMEOUT);
        ObjectNode cluster = JvmProcess.runForFigures("core-cluster-benchmark",
                CoreClusterBenchmark.HEAP, CoreClusterBenchmark.class,
                List.of("--logs", settings.logDir().toString()), settings, CoreClusterBenchmark.RESULT,
                CLUSTER_TIMEOUT);
        figures.set("across_jvms", cluster);
        return report(figures);
    }

    /**
     * The report of {@link CoreBenchmark}'s figures and, under {@code across_jvms}, those of
     * {@link CoreClusterBenchmark}: ratios, targets and Ray's figures added.
     */
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
        String cluster = "";
        List<String> targetLines = new ArrayList<>(List.of(tasksLine, instanceLine));
        if (figures.has("across_jvms")) {
            ObjectNode across = (ObjectNode) figures.path("across_jvms");
            addEmbeddedRatios(figures, across);
            for (JsonNode c : across.path("comparisons")) {
                summary.add(String.format(Locale.ROOT, "%s: %,.0f/s (%s of raw TCP, %s of embedded)",
                        c.path("measure").asText(), c.path("trellis").path("per_second").asDouble(),
                        ratio(c.path("throughput_ratio").asDouble()), c.has("embedded_ratio")
                                ? ratio(c.path("embedded_ratio").asDouble()) : "none"));
            }
            double worst = Double.MAX_VALUE;
            List<String> ratios = new ArrayList<>();
            for (JsonNode t : across.path("transfers")) {
                worst = Math.min(worst, t.path("throughput_ratio").asDouble());
                ratios.add(ratio(t.path("throughput_ratio").asDouble()) + " " + t.path("direction").asText()
                        .replaceAll(" \\(.*", ""));
                summary.add(String.format(Locale.ROOT, "%d MiB %s: %.2f GB/s (%s of raw TCP, %.2f GB/s)",
                        across.path("payload_bytes").asLong() >> 20, t.path("direction").asText(),
                        t.path("trellis").path("gb_per_s").asDouble(), ratio(t.path("throughput_ratio").asDouble()),
                        t.path("baseline").path("gb_per_s").asDouble()));
            }
            boolean transferMet = worst >= TRANSFER_RATIO_TARGET;
            across.putObject("targets").put("min_transfer_ratio", TRANSFER_RATIO_TARGET)
                    .put("lowest_transfer_ratio", worst).put("transfer_met", transferMet);
            String transferLine = String.format(Locale.ROOT,
                    "%d MiB moved between the two JVMs, both ways, >= %.1fx a raw TCP copy between them: **%s** (%s)",
                    across.path("payload_bytes").asLong() >> 20, TRANSFER_RATIO_TARGET, HttpScenario.met(transferMet),
                    String.join(", ", ratios));
            targetLines.add(transferLine);
            summary.add(transferLine.replace("**", ""));
            JsonNode actors = across.path("actor_calls");
            if (!actors.path("measured").asBoolean()) {
                summary.add("1:1 actor calls across JVMs: not measured (" + actors.path("reason").asText() + ")");
            }
            cluster = clusterTables(across);
        }
        String targets = "\nTargets:\n\n- " + String.join("\n- ", targetLines) + "\n\n";
        return new ScenarioResult(figures, table(figures) + cluster + targets + rayTable(figures), summary);
    }

    /** Each cross-JVM comparison's Trellis rate over the embedded one of the same operation (and num_cpus). */
    private static void addEmbeddedRatios(ObjectNode figures, ObjectNode across) {
        for (JsonNode c : across.path("comparisons")) {
            JsonNode embedded = embeddedFor(figures, c);
            if (embedded != null) {
                double rate = embedded.path("trellis").path("per_second").asDouble();
                ((ObjectNode) c).put("embedded_per_second", rate)
                        .put("embedded_ratio", c.path("trellis").path("per_second").asDouble() / rate);
            }
        }
    }

    private static JsonNode embeddedFor(ObjectNode figures, JsonNode cross) {
        String cpus = numCpus(cross.path("trellis").path("target").asText());
        for (JsonNode c : figures.path("comparisons")) {
            if (c.path("ray_metric").asText().equals(cross.path("ray_metric").asText())
                    && (cpus == null || cpus.equals(numCpus(c.path("trellis").path("target").asText())))) {
                return c;
            }
        }
        return null;
    }

    /** The "num_cpus=N" a target names, or null. */
    private static String numCpus(String target) {
        var m = java.util.regex.Pattern.compile("num_cpus=\\S+").matcher(target);
        return m.find() ? m.group() : null;
    }

    private static String clusterTables(ObjectNode across) {
        var out = new StringBuilder(String.format(Locale.ROOT,
                "%n### Across two JVMs%n%n"
                        + "Two JVMs on 127.0.0.1: the benchmark's JVM is a driver (`Trellis.init(TrellisOptions.connect"
                        + "(...))`, no CPUs: it runs no tasks) joined to a head node it starts as a child JVM "
                        + "(`NodeMain --head --num-cpus %d` in `CoreClusterNode`, which also runs a raw socket "
                        + "server); both with `%s` (with the harness's JVM, about 14 GiB of memory). Every task is pinned to the head with hard node affinity, so each is "
                        + "submitted in the driver, runs in the head and its result comes back to the driver, as "
                        + "Ray's driver, raylet and workers do. Baseline: raw TCP between the same two JVMs, one "
                        + "connection with TCP_NODELAY, measured right after: %d-byte frames written one `write` "
                        + "each, echoed by the head's socket server one by one and read back (in flight together "
                        + "like the batch, or one at a time); it is the least a request and its answer cost "
                        + "between two JVMs. \"vs embedded\" divides by the embedded figure of the same operation "
                        + "above. %d s warm-up, then %d s per phase; batches of %d unless the row says fewer (a "
                        + "probe batch of 16 showed fewer would finish within a phase).%n%n"
                        + "| measure | Ray's metric | target | ops/s | p50 µs | p99 µs | threads started | vs raw TCP | "
                        + "p50 vs raw TCP | vs embedded |%n|---|---|---|---:|---:|---:|---:|---:|---:|---:|%n",
                across.path("cores").asInt(), across.path("heap").asText(),
                CoreClusterNode.FRAME, across.path("warm_up_s").asLong(), across.path("phase_s").asLong(),
                across.path("batch").asInt()));
        for (JsonNode c : across.path("comparisons")) {
            out.append(row(c.path("measure").asText(), "`" + c.path("ray_metric").asText() + "`", c.path("baseline"),
                    "1.00x", c.has("p50_ratio") ? "1.00x" : "", ""));
            out.append(row("", "", c.path("trellis"), ratio(c.path("throughput_ratio").asDouble()),
                    c.has("p50_ratio") ? ratio(c.path("p50_ratio").asDouble()) : "",
                    c.has("embedded_ratio") ? ratio(c.path("embedded_ratio").asDouble()) : ""));
        }
        JsonNode actors = across.path("actor_calls");
        if (!actors.path("measured").asBoolean()) {
            out.append(String.format(Locale.ROOT, "%n1:1 actor calls across JVMs (`1_1_actor_calls_sync`, "
                    + "`1_1_actor_calls_async`): not measured: %s. The benchmark asks for the actor on the head "
                    + "(soft node affinity), checks where it runs, and measures the calls as soon as it runs "
                    + "there.%n", actors.path("reason").asText()));
        }
        out.append(String.format(Locale.ROOT, "%nA %d MiB `byte[]` moved between the two JVMs, timed from submission "
                        + "until `get` returns in the driver: head to driver, a task on the head returns an array the "
                        + "head made at start-up (so the task itself costs nothing); driver to head, a fresh `put` of "
                        + "an array in the driver is passed to a task on the head, which returns its length. Both "
                        + "ends check the bytes. Baseline: the same bytes over one TCP connection between the same "
                        + "two JVMs (1 MiB per read or write), read into a new `byte[]` at the other end, measured in "
                        + "turn with Trellis: untimed warm-up moves first (the first one in fresh JVMs also compiles "
                        + "the path and faults the heap's pages in), then %d timed run(s) each; GB/s is 10^9 bytes "
                        + "over the summed timed runs. Object stores of %d GiB on both nodes, so nothing is spilled."
                        + "%n%n| direction | target | GB/s | seconds per run | warm-up moves, s | vs raw TCP |%n"
                        + "|---|---|---:|---|---|---:|%n",
                across.path("payload_bytes").asLong() >> 20, across.path("transfers_per_direction").asInt(),
                across.path("object_store_bytes").asLong() >> 30));
        for (JsonNode t : across.path("transfers")) {
            out.append(transferRow(t.path("direction").asText(), t.path("baseline"), "1.00x"));
            out.append(transferRow("", t.path("trellis"), ratio(t.path("throughput_ratio").asDouble())));
        }
        return out.toString();
    }

    private static String transferRow(String direction, JsonNode r, String vsRaw) {
        return String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %s | %s |%n", direction, r.path("target").asText(),
                r.path("gb_per_s").asDouble(), seconds(r.path("seconds")), seconds(r.path("warm_up_seconds")), vsRaw);
    }

    private static String seconds(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(s -> out.add(String.format(Locale.ROOT, "%.2f", s.asDouble())));
        return String.join(", ", out);
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
                    c.has("p50_ratio") ? "1.00x" : "", null));
            out.append(row("", "", trellis, ratio(c.path("throughput_ratio").asDouble()),
                    c.has("p50_ratio") ? ratio(c.path("p50_ratio").asDouble()) : "", null));
        }
        return out.toString();
    }

    /** A table row; {@code extra}, if not null, is one more column. */
    private static String row(String measure, String rayMetric, JsonNode r, String throughputRatio, String p50Ratio,
            String extra) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %s | %s | %d | %s | %s |%s%n", measure, rayMetric,
                r.path("target").asText(), r.path("per_second").asDouble(), micros(r, "p50_us"), micros(r, "p99_us"),
                r.path("platform_threads_started").asLong(), throughputRatio, p50Ratio,
                extra == null ? "" : " " + extra + " |");
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
                + "back (deserialized); its tasks and actor calls return `b\"ok\"`. "
                + (figures.has("across_jvms") ? "Across two JVMs, Trellis runs a driver and one node process "
                + "(whose tasks run on its thread pool, not in worker processes) on the same " + figures.path("cores")
                .asInt() + " cores; Ray's tasks take 1 CPU, as num_cpus=1 does.\n\n" : "\n")
                + "| Ray's metric | Ray 2.48.0, ops/s (m5.16xlarge) | Trellis embedded here, ops/s | Trellis across "
                + "two JVMs here, ops/s |\n|---|---:|---:|---:|\n");
        Map<String, Double> ours = firstRates(figures.path("comparisons"));
        RAY.forEach((metric, value) -> out.append(String.format(Locale.ROOT, "| `%s` | %,.0f | %s | %s |%n", metric,
                value, rate(ours, metric), rates(figures.path("across_jvms").path("comparisons"), metric))));
        return out.toString();
    }

    /** Every Trellis rate for {@code metric} in {@code comparisons}, each with its num_cpus where there are several. */
    private static String rates(JsonNode comparisons, String metric) {
        List<JsonNode> found = new ArrayList<>();
        comparisons.forEach(c -> {
            if (c.path("ray_metric").asText().equals(metric)) {
                found.add(c);
            }
        });
        List<String> out = new ArrayList<>();
        for (JsonNode c : found) {
            String cpus = numCpus(c.path("trellis").path("target").asText());
            out.add(String.format(Locale.ROOT, "%,.0f", c.path("trellis").path("per_second").asDouble())
                    + (found.size() > 1 && cpus != null ? " (" + cpus + ")" : ""));
        }
        return out.isEmpty() ? "not measured" : String.join(", ", out);
    }

    /** Each Ray metric's first Trellis rate in {@code comparisons} (num_cpus=1 comes first). */
    private static Map<String, Double> firstRates(JsonNode comparisons) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (JsonNode c : comparisons) {
            out.putIfAbsent(c.path("ray_metric").asText(), c.path("trellis").path("per_second").asDouble());
        }
        return out;
    }

    private static String rate(Map<String, Double> rates, String metric) {
        return rates.containsKey(metric) ? String.format(Locale.ROOT, "%,.0f", rates.get(metric)) : "not measured";
    }

    /** Such as 0.72x, or 0.005x below a tenth. */
    static String ratio(double value) {
        return String.format(Locale.ROOT, value >= 0.1 ? "%.2fx" : "%.3fx", value);
    }
}
