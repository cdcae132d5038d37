package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Scenario {@code chain}: what one more deployment hop costs. Ingress -> A -> B against
 * ingress -> A, both over HTTP, each hop a handle call waited on with {@code .result()} doing
 * trivial work ({@link BenchApps}), loaded by wrk at 16 and 64 connections. Target: the chain
 * keeps at least {@value #THROUGHPUT_TARGET}x the single hop's throughput (Ray Serve keeps
 * about 0.47).
 */
final class ChainScenario implements Scenario {
    static final List<Integer> CONNECTIONS = List.of(16, 64);
    static final double THROUGHPUT_TARGET = 0.8;
    private static final String BASELINE = "ingress -> A";
    private static final String CANDIDATE = "ingress -> A -> B";

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public String title() {
        return "Deployment chain over HTTP: ingress -> A -> B vs ingress -> A";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        List<Comparison> comparisons;
        try (var oneHop = LoadTarget.launch(BASELINE, "trellis-one-hop", TrellisHttpServer.class, List.of("one-hop"),
                settings);
                var twoHop = LoadTarget.launch(CANDIDATE, "trellis-two-hop", TrellisHttpServer.class,
                        List.of("two-hop"), settings)) {
            comparisons = Comparison.measure(oneHop, twoHop, CONNECTIONS, settings);
        }
        Comparison worst = comparisons.stream().min(Comparator.comparingDouble(Comparison::throughputRatio))
                .orElseThrow();
        boolean met = worst.throughputRatio() >= THROUGHPUT_TARGET;

        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        figures.put("baseline", BASELINE);
        figures.put("max_ongoing_requests", BenchApps.MAX_ONGOING_REQUESTS);
        figures.put("warm_up_s", settings.warmUp().toSeconds());
        figures.set("results", Comparison.toJson(comparisons, "one_hop", "two_hop"));
        ObjectNode targets = figures.putObject("targets");
        targets.put("min_throughput_ratio", THROUGHPUT_TARGET);
        targets.put("lowest_throughput_ratio", worst.throughputRatio());
        targets.put("throughput_met", met);
        targets.put("ray_serve_throughput_ratio", 0.47);

        String line = String.format(Locale.ROOT,
                "Chain throughput >= %.1fx the single hop at every connection count: **%s** (%s; Ray Serve keeps "
                        + "about 0.47x)",
                THROUGHPUT_TARGET, HttpScenario.met(met), Comparison.throughputRatios(comparisons));
        String markdown = String.format(Locale.ROOT,
                "Each hop a deployment (1 replica, max_ongoing_requests=%d) called through its handle with "
                        + "`.result()`, returning its input. Both applications in separate JVMs with the same flags; "
                        + "wrk with 2 threads, %d s warm-up at %d connections, then %d s per row, measured back to "
                        + "back.%n%n",
                BenchApps.MAX_ONGOING_REQUESTS, settings.warmUp().toSeconds(), CONNECTIONS.getLast(),
                settings.measurement().toSeconds())
                + Comparison.table(comparisons, BASELINE, CANDIDATE)
                + "\nTarget:\n\n- " + line + "\n";
        return new ScenarioResult(figures, markdown, List.of(line.replace("**", "")));
    }
}
