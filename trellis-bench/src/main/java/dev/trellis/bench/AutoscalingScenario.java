package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Scenario {@code autoscale}: {@link AutoscalingBenchmark} in a JVM of its own. Reports the time
 * from a load step to the first call served by a new replica against its floor (the upscale
 * delay, a replica's start and one call) and its bound (the floor plus one metrics interval and
 * two control-loop ticks: the longest waits for the step to be seen and for the delay to be
 * checked), and the cold start of a deployment scaled to zero against a warm call and against
 * {@code Serve.run} plus the first response of a fixed one-replica deployment, all measured in
 * the same run.
 */
final class AutoscalingScenario implements Scenario {
    private static final Duration TIMEOUT = Duration.ofMinutes(8);

    @Override
    public String name() {
        return "autoscale";
    }

    @Override
    public String title() {
        return "Autoscaling reaction and cold start from zero";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        ObjectNode figures = JvmProcess.runForFigures("autoscaling-benchmark", AutoscalingBenchmark.class, settings, AutoscalingBenchmark.RESULT, TIMEOUT);
        double reaction = figures.path("scale_up_reaction_ms").path("median").asDouble();
        double floor = figures.path("scale_up_floor_ms").asDouble();
        double bound = figures.path("scale_up_bound_ms").asDouble();
        double cold = figures.path("cold_start_ms").path("median").asDouble();
        double warm = figures.path("warm_call_p50_ms").asDouble();
        double runAndFirst = figures.path("serve_run_and_first_response_ms").path("median").asDouble();
        double replicaStart = figures.path("replica_start_ms").path("median").asDouble();
        ObjectNode ratios = figures.putObject("ratios");
        ratios.put("scale_up_reaction_vs_floor", reaction / floor);
        ratios.put("scale_up_reaction_vs_bound", reaction / bound);
        ratios.put("cold_start_vs_warm_call", cold / warm);
        ratios.put("cold_start_vs_serve_run_and_first_response", cold / runAndFirst);

        String markdown = String.format(Locale.ROOT,
                "One deployment on the default %d ms control loop; each call sleeps %d ms. Load reports every %d ms "
                        + "over a %d ms window. Medians of %d rounds, with their min-max range.%n%n"
                        + "| measure | median ms | range ms | baseline | baseline ms | ratio |%n"
                        + "|---|---:|---:|---|---:|---:|%n"
                        + "| scale-up reaction: 1 caller -> %d callers, until the first call served by a new replica "
                        + "(upscale_delay_s %.1f, target 2) | %.0f | %s | floor: upscale delay + replica start + "
                        + "one call | %.0f | %s |%n"
                        + "| | | | bound: floor + metrics interval + 2 ticks (the longest waits to see the step "
                        + "and to check the delay) | %.0f | %s |%n"
                        + "| cold start: request to a deployment scaled to zero, until its response | %.1f | %s | "
                        + "the same call on a warm replica (p50) | %.2f | %s |%n"
                        + "| | | | `Serve.run` of a fixed 1-replica deployment + its first response | %.1f | %s |%n"
                        + "| replica start: `Serve.run` of a fixed 1-replica deployment | %.1f | %s | | | |%n",
                figures.path("control_loop_ms").asInt(), figures.path("call_ms").asInt(),
                figures.path("metrics_interval_ms").asInt(), figures.path("look_back_ms").asInt(),
                figures.path("rounds").asInt(), figures.path("step_callers").asInt(),
                figures.path("upscale_delay_ms").asDouble() / 1000, reaction, range(figures, "scale_up_reaction_ms"),
                floor, Comparison.ratio(reaction / floor), bound, Comparison.ratio(reaction / bound), cold,
                range(figures, "cold_start_ms"), warm,
                Comparison.ratio(cold / warm), runAndFirst, Comparison.ratio(cold / runAndFirst), replicaStart,
                range(figures, "replica_start_ms"));
        List<String> summary = List.of(
                String.format(Locale.ROOT, "scale-up reaction %.0f ms (%s of its floor %.0f ms, %s of its bound %.0f ms)",
                        reaction, Comparison.ratio(reaction / floor), floor, Comparison.ratio(reaction / bound), bound),
                String.format(Locale.ROOT, "cold start from zero %.1f ms (%s of Serve.run + first response %.1f ms;"
                        + " warm call %.2f ms)", cold, Comparison.ratio(cold / runAndFirst), runAndFirst, warm));
        return new ScenarioResult(figures, markdown, summary);
    }

    private static String range(JsonNode figures, String name) {
        JsonNode f = figures.path(name);
        double min = f.path("min").asDouble();
        double max = f.path("max").asDouble();
        return String.format(Locale.ROOT, max < 100 ? "%.1f-%.1f" : "%.0f-%.0f", min, max);
    }
}
