package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario {@code failover}: {@link FailoverBenchmark} in a JVM of its own, the SIGKILL of the node
 * that runs a deployment's only replica under steady load through another node's proxy, with the
 * failure detector's defaults and with tuned options. Targets (issue 15): serving again from
 * another node within {@value #DEFAULT_TARGET_S} s of the kill with the defaults, and within
 * {@value #TUNED_TARGET_S} s with the tuned options, in every run.
 */
final class FailoverScenario implements Scenario {
    static final double DEFAULT_TARGET_S = 5;
    static final double TUNED_TARGET_S = 2;
    private static final Map<String, Double> TARGETS = Map.of("default", DEFAULT_TARGET_S, "tuned", TUNED_TARGET_S);
    private static final Duration TIMEOUT = Duration.ofMinutes(12);

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public String title() {
        return "Serve failover: from the SIGKILL of a replica's node to serving again from another";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        ObjectNode figures = JvmProcess.runForFigures("failover-benchmark", FailoverBenchmark.class,
                List.of("--logs", settings.logDir().toString()), settings, FailoverBenchmark.RESULT, TIMEOUT);
        return report(figures);
    }

    /** The report of {@link FailoverBenchmark}'s figures, with the targets added. */
    static ScenarioResult report(ObjectNode figures) {
        var table = new StringBuilder("| failure detector | run | replica RUNNING elsewhere, s | first 200 from "
                + "elsewhere, s | last failure, s | answers after the kill: 200 / 503 / other | other | in flight at "
                + "kill | longest request, s |\n|---|---:|---:|---:|---:|---|---|---:|---:|\n");
        List<String> targetLines = new ArrayList<>();
        List<String> settingLines = new ArrayList<>();
        ObjectNode targets = figures.putObject("targets");
        for (JsonNode setting : figures.path("settings")) {
            String name = setting.path("name").asText();
            double target = TARGETS.getOrDefault(name, Double.NaN);
            double worst = Double.NEGATIVE_INFINITY;
            boolean allRecovered = true;
            List<String> each = new ArrayList<>();
            int run = 0;
            for (JsonNode r : setting.path("runs")) {
                run++;
                JsonNode served = r.path("first_served_elsewhere_s");
                if (served.isNull() || served.isMissingNode()) {
                    allRecovered = false;
                    each.add("none within " + figures.path("watch_s").asInt() + " s");
                } else {
                    worst = Math.max(worst, served.asDouble());
                    each.add(String.format(Locale.ROOT, "%.2f s", served.asDouble()));
                }
                JsonNode answers = r.path("answers_after_kill");
                table.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %d / %d / %d | %s | %d | %.2f |%n",
                        name, run, seconds(r.path("replicas_running_s")), seconds(served),
                        r.path("last_failure_s").isNull() ? "none" : seconds(r.path("last_failure_s")),
                        answers.path("200").asInt(), answers.path("503").asInt(), answers.path("other").asInt(),
                        other(answers.path("other_detail")), r.path("in_flight_at_kill").asInt(),
                        r.path("longest_request_s").asDouble()));
            }
            boolean met = allRecovered && run > 0 && worst <= target;
            ObjectNode t = targets.putObject(name).put("max_seconds_to_serve_elsewhere", target).put("met", met);
            if (allRecovered && run > 0) {
                t.put("slowest_seconds_to_serve_elsewhere", worst);
            } else {
                t.putNull("slowest_seconds_to_serve_elsewhere");
            }
            settingLines.add("`" + name + "`: `" + setting.path("options").asText() + "`"
                    + (setting.path("options_given").asText().isEmpty() ? " (none given: the defaults)"
                    : " (given to every node)"));
            targetLines.add(String.format(Locale.ROOT, "Serving again from another node within %.0f s of the SIGKILL,"
                    + " %s failure detector, every run: **%s** (%s)", target, name, HttpScenario.met(met),
                    String.join(", ", each)));
        }
        String intro = String.format(Locale.ROOT,
                "Three node JVMs on 127.0.0.1 (`NodeMain` with trellis-http, `%s` each): a head with `--num-cpus 0` "
                        + "and two workers with `--num-cpus 1`. The `where` application (its ingress answers the id "
                        + "of the node it runs on) is one replica with `num_cpus: 1`, so it runs on one worker and "
                        + "has room on the other. Load: one GET every %d ms through the head's proxy (open loop, "
                        + "keep-alive connections, %d s read timeout); after %d s of it the replica's worker gets "
                        + "SIGKILL. Times are from the kill: until the head's admin API first showed the replica "
                        + "RUNNING on the other worker (polled every 50 ms), until the first 200 answered from there "
                        + "(by completion time), and until the last answer that was not a 200; answers count after "
                        + "the kill when they came after it. A fresh cluster per run, %d run(s) per setting. "
                        + "Settings:%n%n- %s%n%n",
                figures.path("node_heap").asText(), figures.path("interval_ms").asInt(),
                figures.path("read_timeout_s").asInt(), figures.path("steady_s").asInt(), figures.path("runs").asInt(),
                String.join("\n- ", settingLines));
        List<String> summary = targetLines.stream().map(l -> l.replace("**", "")).toList();
        return new ScenarioResult(figures, intro + table + "\nTargets:\n\n- " + String.join("\n- ", targetLines) + "\n",
                summary);
    }

    private static String seconds(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "none" : String.format(Locale.ROOT, "%.2f", value.asDouble());
    }

    private static String other(JsonNode detail) {
        List<String> parts = new ArrayList<>();
        detail.properties().forEach(e -> parts.add(e.getKey() + ": " + e.getValue().asInt()));
        return parts.isEmpty() ? "" : String.join(", ", parts);
    }
}
