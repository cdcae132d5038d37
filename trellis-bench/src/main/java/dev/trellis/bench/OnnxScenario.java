package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Scenario {@code onnx}: the serving overhead on a real model, the committed Fashion-MNIST CNN
 * ({@code fixtures/models/fashion_cnn}), one image per call: through a Trellis handle and over
 * HTTP, against ONNX Runtime called directly in a loop, in one JVM ({@link OnnxOverheadBenchmark}).
 */
final class OnnxScenario implements Scenario {
    static final Path FIXTURE = Path.of("fixtures", "models", "fashion_cnn");
    /** Its committed test images; the first one is the input of every call. */
    static final Path SAMPLE = Path.of("fixtures", "data", "fashion_mnist_sample.json");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public String title() {
        return "Serving overhead on an ONNX model: handle and HTTP vs ONNX Runtime directly";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        Path model = modelFile();
        ObjectNode figures = JvmProcess.runForFigures("onnx-benchmark", OnnxOverheadBenchmark.class,
                List.of(model.toString(), SAMPLE.toString()), settings,
                OnnxOverheadBenchmark.RESULT, TIMEOUT);
        JsonNode rows = figures.path("results");
        JsonNode direct = rows.get(0);
        var table = new StringBuilder(String.format(Locale.ROOT,
                "Model `%s` (%d input values per example), one example per call. Latency: one caller in a loop; "
                        + "throughput: %d virtual-thread callers (HTTP: wrk with as many connections). Trellis: one "
                        + "replica of the model (plus a json_request ingress over HTTP), max_ongoing_requests=%d, "
                        + "access log off; all in one JVM, %d s per phase.%n%n",
                model, figures.path("input_values").asInt(), figures.path("callers").asInt(),
                BenchApps.MAX_ONGOING_REQUESTS, figures.path("phase_s").asInt()));
        table.append("| path | p50 µs | p99 µs | calls/s | p50 vs direct | throughput vs direct |\n");
        table.append("|---|---:|---:|---:|---:|---:|\n");
        List<String> summary = new java.util.ArrayList<>();
        for (JsonNode r : rows) {
            double p50Ratio = r.path("p50_us").asDouble() / direct.path("p50_us").asDouble();
            double throughputRatio = r.path("calls_per_second").asDouble() / direct.path("calls_per_second").asDouble();
            ((ObjectNode) r).put("p50_ratio", p50Ratio).put("throughput_ratio", throughputRatio);
            table.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %s | %s |%n", r.path("target").asText(),
                    r.path("p50_us").asDouble(), r.path("p99_us").asDouble(), r.path("calls_per_second").asDouble(),
                    Comparison.ratio(p50Ratio), Comparison.ratio(throughputRatio)));
            summary.add(String.format(Locale.ROOT, "%s: p50 %.1f µs (%s of direct), %.0f calls/s (%s)",
                    r.path("target").asText(), r.path("p50_us").asDouble(), Comparison.ratio(p50Ratio),
                    r.path("calls_per_second").asDouble(), Comparison.ratio(throughputRatio)));
        }
        return new ScenarioResult(figures, table.toString(), summary);
    }

    /** The fixture's ONNX file. */
    static Path modelFile() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURE)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".onnx")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no .onnx file in " + FIXTURE));
        }
    }
}
