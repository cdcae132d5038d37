package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.http.internal.HttpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Scenario {@code onnx}: the serving overhead on a real model, the committed Fashion-MNIST CNN
 * ({@code fixtures/models/fashion_cnn}), one image per call. In one JVM
 * ({@link OnnxOverheadBenchmark}): ONNX Runtime called directly in a loop, and the same through
 * a Trellis handle. Over HTTP, the limit: {@link RawModelServer} (Netty + Jackson + ONNX Runtime
 * in one handler) against {@link ModelIngressServer} (the model as a json_request ingress), in
 * JVMs of their own with the same flags, loaded by wrk one right after the other. Targets: the
 * handle at least {@value #HANDLE_TARGET}x direct throughput; HTTP at least
 * {@value #HTTP_TARGET}x the raw server's at every connection count.
 */
final class OnnxScenario implements Scenario {
    static final Path FIXTURE = Path.of("fixtures", "models", "fashion_cnn");
    /** Its committed test images; the first one is the input of every call. */
    static final Path SAMPLE = Path.of("fixtures", "data", "fashion_mnist_sample.json");
    static final List<Integer> CONNECTIONS = List.of(1, OnnxOverheadBenchmark.CALLERS);
    static final double HANDLE_TARGET = 0.9;
    static final double HTTP_TARGET = 0.8;
    private static final String RAW = "raw Netty + Jackson + ONNX Runtime";
    private static final String CANDIDATE = "Trellis";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public String title() {
        return "Serving overhead on an ONNX model: handle vs ONNX Runtime directly, HTTP vs raw Netty + ONNX Runtime";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        Path model = modelFile();
        ObjectNode figures = JvmProcess.runForFigures("onnx-benchmark", OnnxOverheadBenchmark.class,
                List.of(model.toString(), SAMPLE.toString()), settings,
                OnnxOverheadBenchmark.RESULT, TIMEOUT);
        String body = OnnxOverheadBenchmark.requestBody(
                OnnxOverheadBenchmark.firstInput(new ObjectMapper().readTree(SAMPLE.toFile())));
        int eventLoops = HttpProxy.eventLoopThreads();
        List<Comparison> http;
        try (var raw = LoadTarget.launchPost(RAW, "raw-onnx", RawModelServer.class,
                List.of("onnx", model.toString(), String.valueOf(eventLoops)), body, settings);
                var trellis = LoadTarget.launchPost(CANDIDATE, "trellis-onnx", ModelIngressServer.class,
                        List.of("onnx", model.toString()), body, settings)) {
            http = Comparison.measure(raw, trellis, CONNECTIONS, settings);
        }
        var rows = (ArrayNode) figures.path("results");
        addHttpRow(rows, RAW + " (wrk, JSON body)", http.getFirst().baseline(), http.getLast().baseline());
        addHttpRow(rows, "Trellis over HTTP (wrk, JSON body)", http.getFirst().candidate(), http.getLast().candidate());
        JsonNode direct = rows.get(0);
        var table = new StringBuilder(String.format(Locale.ROOT,
                "Model `%s` (%d input values per example), one example per call, body `{\"input\": [...]}` answered "
                        + "with the predicted class. Latency: one caller in a loop; throughput: %d virtual-thread "
                        + "callers (HTTP: wrk with as many connections). Direct and handle in one JVM, %d s per "
                        + "phase; Trellis handle: one replica, max_ongoing_requests=%d. Over HTTP: %s (%d event loop "
                        + "thread(s), the model run on the event loop) and Trellis (the model as a json_request "
                        + "ingress, one replica, max_ongoing_requests=%d, access log off), separate JVMs with the "
                        + "same flags; wrk with min(2, connections) threads, %d s warm-up at %d connections, then %d s "
                        + "per row, measured back to back.%n%n",
                model, figures.path("input_values").asInt(), figures.path("callers").asInt(),
                figures.path("phase_s").asInt(), BenchApps.MAX_ONGOING_REQUESTS, RAW, eventLoops,
                BenchApps.MAX_ONGOING_REQUESTS, settings.warmUp().toSeconds(), CONNECTIONS.getLast(),
                settings.measurement().toSeconds()));
        table.append("| path | p50 µs | p99 µs | calls/s | p50 vs direct | throughput vs direct |\n");
        table.append("|---|---:|---:|---:|---:|---:|\n");
        List<String> summary = new ArrayList<>();
        for (JsonNode r : rows) {
            double p50Ratio = r.path("p50_us").asDouble() / direct.path("p50_us").asDouble();
            double throughputRatio = r.path("calls_per_second").asDouble() / direct.path("calls_per_second").asDouble();
            ((ObjectNode) r).put("p50_ratio", p50Ratio).put("throughput_ratio", throughputRatio);
            table.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %s | %s |%n", r.path("target").asText(),
                    r.path("p50_us").asDouble(), r.path("p99_us").asDouble(), r.path("calls_per_second").asDouble(),
                    Comparison.ratio(p50Ratio), Comparison.ratio(throughputRatio)));
        }
        table.append("\nOver HTTP, Trellis against its limit:\n\n").append(Comparison.table(http, RAW, CANDIDATE));

        double handleRatio = rows.get(1).path("throughput_ratio").asDouble();
        Comparison worst = http.stream().min(Comparator.comparingDouble(Comparison::throughputRatio)).orElseThrow();
        boolean handleMet = handleRatio >= HANDLE_TARGET;
        boolean httpMet = worst.throughputRatio() >= HTTP_TARGET;
        figures.put("raw_event_loop_threads", eventLoops);
        figures.put("request_body_bytes", body.length());
        figures.set("http", Comparison.toJson(http, "raw", "trellis"));
        ObjectNode targets = figures.putObject("targets");
        targets.put("min_handle_throughput_ratio", HANDLE_TARGET);
        targets.put("handle_throughput_ratio", handleRatio);
        targets.put("handle_met", handleMet);
        targets.put("min_http_throughput_ratio_to_raw", HTTP_TARGET);
        targets.put("lowest_http_throughput_ratio_to_raw", worst.throughputRatio());
        targets.put("http_met", httpMet);
        String handleLine = String.format(Locale.ROOT,
                "Trellis handle throughput >= %.1fx ONNX Runtime direct: **%s** (%s)", HANDLE_TARGET,
                HttpScenario.met(handleMet), Comparison.ratio(handleRatio));
        String httpLine = String.format(Locale.ROOT,
                "Trellis over HTTP throughput >= %.1fx %s at every connection count: **%s** (%s)", HTTP_TARGET, RAW,
                HttpScenario.met(httpMet), Comparison.throughputRatios(http));
        table.append("\nTargets:\n\n- ").append(handleLine).append("\n- ").append(httpLine).append('\n');
        for (JsonNode r : rows) {
            summary.add(String.format(Locale.ROOT, "%s: p50 %.1f µs (%s of direct), %.0f calls/s (%s)",
                    r.path("target").asText(), r.path("p50_us").asDouble(), Comparison.ratio(r.path("p50_ratio").asDouble()),
                    r.path("calls_per_second").asDouble(), Comparison.ratio(r.path("throughput_ratio").asDouble())));
        }
        summary.add(handleLine.replace("**", ""));
        summary.add(httpLine.replace("**", ""));
        return new ScenarioResult(figures, table.toString(), summary);
    }

    /** An HTTP row of the table against direct calls: p50 and p99 at one connection, throughput at the most. */
    private static void addHttpRow(ArrayNode rows, String target, WrkResult one,
            WrkResult many) {
        rows.addObject().put("target", target).put("p50_us", one.p50Millis() * 1000).put("p99_us", one.p99Millis() * 1000)
                .put("calls_per_second", many.requestsPerSecond());
    }

    /** The fixture's ONNX file. */
    static Path modelFile() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURE)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".onnx")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no .onnx file in " + FIXTURE));
        }
    }
}
