package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario {@code remote-hop}: {@link RemoteHopBenchmark} in a JVM of its own, the no-op and the
 * XGBoost ingress each served by one replica on a worker JVM and loaded through the worker's own
 * proxy (same JVM) and through the head's (the remote hop). Target (issue 15): the remote hop adds
 * at most {@value #ADDED_P50_TARGET_MS} ms to the p50 at one connection on loopback; throughput
 * is reported as a ratio to the same-JVM run.
 */
final class RemoteHopScenario implements Scenario {
    static final double ADDED_P50_TARGET_MS = 0.3;
    private static final Duration TIMEOUT = Duration.ofMinutes(8);
    private static final String BASELINE = "same JVM";
    private static final String CANDIDATE = "remote hop";

    @Override
    public String name() {
        return "remote-hop";
    }

    @Override
    public String title() {
        return "Serve across two JVMs: the proxy's remote hop to a replica on another node";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        ObjectNode figures = JvmProcess.runForFigures("remote-hop-benchmark", RemoteHopBenchmark.class,
                List.of("--logs", settings.logDir().toString()), settings, RemoteHopBenchmark.RESULT, TIMEOUT);
        return report(figures);
    }

    /** The report of {@link RemoteHopBenchmark}'s figures: ratios and the target added to them. */
    static ScenarioResult report(ObjectNode figures) {
        var tables = new StringBuilder();
        List<String> summary = new ArrayList<>();
        List<String> targetLines = new ArrayList<>();
        boolean allMet = true;
        double worstAdded = Double.NEGATIVE_INFINITY;
        for (JsonNode app : figures.path("applications")) {
            List<Comparison> comparisons = new ArrayList<>();
            for (JsonNode row : app.path("results")) {
                int c = row.path("connections").asInt();
                Comparison comparison = new Comparison(c, RemoteHopBenchmark.fromJson(c, row.path("same_jvm")),
                        RemoteHopBenchmark.fromJson(c, row.path("remote_hop")));
                comparisons.add(comparison);
                ((ObjectNode) row).put("added_p50_ms", comparison.addedP50Millis())
                        .put("throughput_ratio", comparison.throughputRatio())
                        .put("p99_ratio", comparison.p99Ratio());
            }
            if (comparisons.isEmpty()) {
                throw new IllegalStateException("the remote-hop benchmark reported no rows for " + app.path("name"));
            }
            Comparison single = comparisons.getFirst();
            boolean met = single.addedP50Millis() <= ADDED_P50_TARGET_MS;
            allMet &= met;
            worstAdded = Math.max(worstAdded, single.addedP50Millis());
            ((ObjectNode) app).put("added_p50_ms_at_1_connection", single.addedP50Millis()).put("added_p50_met", met);
            String label = app.path("name").asText() + " (" + app.path("method").asText() + " "
                    + app.path("path").asText() + ")";
            tables.append("\n").append(label).append(":\n\n").append(Comparison.table(comparisons, BASELINE, CANDIDATE));
            String line = String.format(Locale.ROOT,
                    "%s: remote hop adds <= %.1f ms to p50 at %d connection: **%s** (%+.3f ms: %.3f ms vs %.3f ms); "
                            + "throughput vs same JVM %s",
                    app.path("name").asText(), ADDED_P50_TARGET_MS, single.connections(), HttpScenario.met(met),
                    single.addedP50Millis(), single.candidate().p50Millis(), single.baseline().p50Millis(),
                    Comparison.throughputRatios(comparisons));
            targetLines.add(line);
            summary.add(line.replace("**", ""));
        }
        figures.putObject("targets").put("max_added_p50_ms_at_1_connection", ADDED_P50_TARGET_MS)
                .put("highest_added_p50_ms_at_1_connection", worstAdded).put("added_p50_met", allMet);
        String intro = String.format(Locale.ROOT,
                "Two node JVMs on 127.0.0.1 (`NodeMain` with trellis-http, `%s` each): a head with `--num-cpus 0` "
                        + "and a worker with `--num-cpus 2`. Each application is one replica with `num_cpus: 1`, "
                        + "max_ongoing_requests=%d, access log off, deployed through the head's admin API; the admin "
                        + "API's status showed both replicas on the worker (`node_id`), or the run would have failed. "
                        + "Same JVM: the load goes to the worker's proxy, which calls the replica in its own JVM. "
                        + "Remote hop: the load goes to the head's proxy, whose call crosses to the worker (Pekko "
                        + "Artery over loopback) and whose answer comes back. Load: this benchmark's own JVM, one "
                        + "platform thread per keep-alive connection sending the next request as soon as the answer "
                        + "is read (wrk's closed loop; `HttpLoad`), %d s warm-up of each at the most connections, "
                        + "then per row %d round(s) of %d s each, same JVM and remote hop back to back, the order "
                        + "alternating by round; latencies over every request of the row. Everything (both nodes, "
                        + "the load) shares this machine's %d cores.%n",
                figures.path("node_heap").asText(), BenchApps.MAX_ONGOING_REQUESTS, figures.path("warm_up_s").asLong(),
                figures.path("rounds").asInt(), figures.path("phase_s").asLong(), figures.path("cores").asInt());
        String markdown = intro + tables + "\nTargets:\n\n- " + String.join("\n- ", targetLines) + "\n";
        return new ScenarioResult(figures, markdown, summary);
    }
}
