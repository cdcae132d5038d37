package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.http.internal.HttpProxy;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Scenario {@code http}: a no-op ingress (GET answered with a constant text) served by the
 * Trellis proxy, against {@link RawNettyServer} with as many event loop threads, both in their
 * own JVM with the same flags, loaded by wrk at 1, 16 and 64 connections. Targets: at least
 * {@value #THROUGHPUT_TARGET}x raw Netty's throughput at every connection count, and at most
 * {@value #ADDED_P50_TARGET_MS} ms added to the median latency at one connection.
 */
final class HttpScenario implements Scenario {
    static final List<Integer> CONNECTIONS = List.of(1, 16, 64);
    /** Issue 13's goal: the serving path near the server's own limit. */
    static final double THROUGHPUT_TARGET = 0.7;
    static final double ADDED_P50_TARGET_MS = 0.2;
    private static final String BASELINE = "raw Netty";
    private static final String CANDIDATE = "Trellis";

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String title() {
        return "No-op ingress over HTTP vs raw Netty";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        int eventLoops = HttpProxy.eventLoopThreads();
        List<Comparison> comparisons;
        try (var netty = LoadTarget.launch(BASELINE, "raw-netty", RawNettyServer.class,
                List.of(String.valueOf(eventLoops)), settings);
                var trellis = LoadTarget.launch(CANDIDATE, "trellis-noop", TrellisHttpServer.class, List.of("noop"),
                        settings)) {
            comparisons = Comparison.measure(netty, trellis, CONNECTIONS, settings);
        }
        Comparison worst = comparisons.stream().min(Comparator.comparingDouble(Comparison::throughputRatio))
                .orElseThrow();
        Comparison single = comparisons.getFirst();
        boolean throughputMet = worst.throughputRatio() >= THROUGHPUT_TARGET;
        boolean latencyMet = single.addedP50Millis() <= ADDED_P50_TARGET_MS;

        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        figures.put("baseline", BASELINE);
        figures.put("event_loop_threads", eventLoops);
        figures.put("max_ongoing_requests", BenchApps.MAX_ONGOING_REQUESTS);
        figures.put("warm_up_s", settings.warmUp().toSeconds());
        figures.set("results", Comparison.toJson(comparisons, "raw_netty", "trellis"));
        ObjectNode targets = figures.putObject("targets");
        targets.put("min_throughput_ratio", THROUGHPUT_TARGET);
        targets.put("lowest_throughput_ratio", worst.throughputRatio());
        targets.put("throughput_met", throughputMet);
        targets.put("max_added_p50_ms_at_1_connection", ADDED_P50_TARGET_MS);
        targets.put("added_p50_ms_at_1_connection", single.addedP50Millis());
        targets.put("added_p50_met", latencyMet);

        String throughputLine = String.format(Locale.ROOT,
                "Throughput >= %.1fx raw Netty at every connection count: **%s** (%s)",
                THROUGHPUT_TARGET, met(throughputMet), Comparison.throughputRatios(comparisons));
        String latencyLine = String.format(Locale.ROOT,
                "Added p50 at 1 connection <= %.1f ms: **%s** (%+.3f ms: %.3f ms vs %.3f ms)", ADDED_P50_TARGET_MS,
                met(latencyMet), single.addedP50Millis(), single.candidate().p50Millis(),
                single.baseline().p50Millis());
        String markdown = String.format(Locale.ROOT,
                "GET returning `%s` (text/plain, keep-alive). Both servers: %d event loop thread(s), separate "
                        + "JVMs with the same flags; wrk with min(2, connections) threads, %d s warm-up at %d "
                        + "connections, then %d s per row, raw Netty and Trellis measured back to back. The ingress "
                        + "deployment: 1 replica, max_ongoing_requests=%d, access log off.%n%n",
                BenchApps.BODY, eventLoops, settings.warmUp().toSeconds(), CONNECTIONS.getLast(),
                settings.measurement().toSeconds(), BenchApps.MAX_ONGOING_REQUESTS)
                + Comparison.table(comparisons, BASELINE, CANDIDATE)
                + "\nTargets:\n\n- " + throughputLine + "\n- " + latencyLine + "\n";
        return new ScenarioResult(figures, markdown, List.of(throughputLine.replace("**", ""),
                latencyLine.replace("**", "")));
    }

    static String met(boolean met) {
        return met ? "met" : "not met";
    }
}
