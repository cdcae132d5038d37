package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server under test and its baseline, loaded by wrk at the same number of connections one
 * right after the other, so that both see the same machine (other processes included).
 */
record Comparison(int connections, WrkResult baseline, WrkResult candidate) {

    /**
     * Waits for both servers (started side by side), warms both up at the highest connection
     * count, then measures them in turn at each count. Both run throughout; the idle one costs
     * next to nothing.
     */
    static List<Comparison> measure(LoadTarget baseline, LoadTarget candidate, List<Integer> connections,
            BenchSettings settings) throws IOException, InterruptedException {
        List<List<WrkResult>> rows = measureInTurn(List.of(baseline, candidate), connections, settings);
        List<Comparison> results = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            results.add(new Comparison(connections.get(i), rows.get(i).get(0), rows.get(i).get(1)));
        }
        return results;
    }

    /**
     * As {@link #measure} for any number of servers: each is warmed up, then at each connection
     * count all are loaded one right after the other. Element {@code [i][j]} is server {@code j}
     * at {@code connections.get(i)}.
     */
    static List<List<WrkResult>> measureInTurn(List<LoadTarget> targets, List<Integer> connections,
            BenchSettings settings) throws IOException, InterruptedException {
        for (LoadTarget target : targets) {
            target.awaitReady();
        }
        int most = connections.stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (LoadTarget target : targets) {
            target.load(most, settings.warmUp());
        }
        List<List<WrkResult>> rows = new ArrayList<>();
        for (int c : connections) {
            List<WrkResult> row = new ArrayList<>();
            for (LoadTarget target : targets) {
                row.add(target.load(c, settings.measurement()));
            }
            rows.add(row);
        }
        return rows;
    }

    double throughputRatio() {
        return candidate.requestsPerSecond() / baseline.requestsPerSecond();
    }

    double p50Ratio() {
        return candidate.p50Millis() / baseline.p50Millis();
    }

    double p99Ratio() {
        return candidate.p99Millis() / baseline.p99Millis();
    }

    double addedP50Millis() {
        return candidate.p50Millis() - baseline.p50Millis();
    }

    static ArrayNode toJson(List<Comparison> comparisons, String baselineLabel, String candidateLabel) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (Comparison c : comparisons) {
            ObjectNode row = rows.addObject();
            row.put("connections", c.connections());
            row.set(baselineLabel, wrkJson(c.baseline()));
            ObjectNode candidate = wrkJson(c.candidate());
            candidate.put("throughput_ratio", c.throughputRatio());
            candidate.put("p50_ratio", c.p50Ratio());
            candidate.put("p99_ratio", c.p99Ratio());
            candidate.put("added_p50_ms", c.addedP50Millis());
            row.set(candidateLabel, candidate);
        }
        return rows;
    }

    private static ObjectNode wrkJson(WrkResult r) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("wrk_threads", r.threads());
        json.put("duration_s", r.durationSeconds());
        json.put("requests", r.requests());
        json.put("requests_per_second", r.requestsPerSecond());
        json.put("p50_ms", r.p50Millis());
        json.put("p99_ms", r.p99Millis());
        json.put("errors", r.errors());
        return json;
    }

    /** One row per server and connection count; the candidate's rows carry the ratios to the baseline. */
    static String table(List<Comparison> comparisons, String baselineLabel, String candidateLabel) {
        var out = new StringBuilder();
        out.append("| connections | server | requests/s | p50 ms | p99 ms | errors | throughput vs ")
                .append(baselineLabel).append(" | p50 vs ").append(baselineLabel).append(" | p99 vs ")
                .append(baselineLabel).append(" | added p50 ms |\n")
                .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison c : comparisons) {
            out.append(row(c.connections(), baselineLabel, c.baseline(), "1.00x", "1.00x", "1.00x", "0"));
            out.append(row(c.connections(), candidateLabel, c.candidate(), ratio(c.throughputRatio()),
                    ratio(c.p50Ratio()), ratio(c.p99Ratio()), String.format(Locale.ROOT, "%+.3f", c.addedP50Millis())));
        }
        return out.toString();
    }

    private static String row(int connections, String label, WrkResult r, String throughput, String p50, String p99,
            String added) {
        return String.format(Locale.ROOT, "| %d | %s | %.0f | %.3f | %.3f | %d | %s | %s | %s | %s |%n", connections,
                label, r.requestsPerSecond(), r.p50Millis(), r.p99Millis(), r.errors(), throughput, p50, p99, added);
    }

    /** Such as "0.24x at 1, 0.48x at 64 connections". */
    static String throughputRatios(List<Comparison> comparisons) {
        return String.join(", ", comparisons.stream().map(c -> ratio(c.throughputRatio()) + " at " + c.connections())
                .toList()) + " connections";
    }

    /** Such as "0.63x at 1, 0.27x at 64 connections". */
    static String p99Ratios(List<Comparison> comparisons) {
        return String.join(", ", comparisons.stream().map(c -> ratio(c.p99Ratio()) + " at " + c.connections())
                .toList()) + " connections";
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2fx", value);
    }
}
