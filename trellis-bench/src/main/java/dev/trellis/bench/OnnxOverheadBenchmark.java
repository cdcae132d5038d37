package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.models.Model;
import dev.trellis.models.Models;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The serving overhead on a real ONNX model in one JVM: the same model and input (one example
 * per call) predicted by ONNX Runtime called directly in a loop and through a Trellis handle.
 * Latency at one caller, throughput at {@value #CALLERS} callers. Each phase is bounded in time.
 * (Over HTTP, {@link OnnxScenario} compares {@link ModelIngressServer} with {@link RawModelServer}.)
 *
 * <p>Run by {@code trellis-bench/run onnx [--quick]} in a JVM of its own ({@link OnnxScenario}):
 * {@code OnnxOverheadBenchmark MODEL_FILE INPUTS_JSON [--quick]}.
 */
public final class OnnxOverheadBenchmark {
    static final String RESULT = "RESULT ";
    static final int CALLERS = 16;

    /** The deployment under test: the model, one example per call. */
    public static final class OnnxClassifier implements AutoCloseable {
        private final Model model;

        public OnnxClassifier(String modelFile) {
            this.model = Models.load(Path.of(modelFile));
        }

        public int classify(float[] input) {
            return model.predict(input).label();
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** The HTTP body: {@code {"input": [...]}}. */
    public record Example(float[] input) {
    }

    /**
     * The HTTP ingress (json_request) of {@link ModelIngressServer}: the label of the posted
     * example, by a model it holds itself (one deployment, as {@link RawModelServer} is one handler).
     */
    public static final class Api implements AutoCloseable {
        private final OnnxClassifier model;

        public Api(String modelFile) {
            this.model = new OnnxClassifier(modelFile);
        }

        public int predict(Example example) {
            return model.classify(example.input());
        }

        @Override
        public void close() {
            model.close();
        }
    }

    record Result(String target, double p50Micros, double p99Micros, double callsPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path modelFile = Path.of(args[0]);
        float[] input = firstInput(new ObjectMapper().readTree(Path.of(args[1]).toFile()));
        Duration warmUp = Duration.ofSeconds(quick ? 2 : 5);
        Duration phase = Duration.ofSeconds(quick ? 3 : 10);
        List<Result> results = new ArrayList<>();
        int expected;
        try (Model direct = Models.load(modelFile)) {
            expected = direct.predict(input).label();
            results.add(measure("ONNX Runtime called directly", () -> direct.predict(input).label(), expected,
                    warmUp, phase));
        }
        Serve.start(ServeOptions.builder()
                .http(HttpOptions.builder().host("127.0.0.1").port(0).accessLog(false).build()).build());
        try {
            var model = Serve.deployment(OnnxClassifier.class)
                    .options(o -> o.maxOngoingRequests(BenchApps.MAX_ONGOING_REQUESTS)).bind(modelFile.toString());
            DeploymentHandle<OnnxClassifier> handle = Serve.run(model, "onnx", null);
            results.add(measure("Trellis handle (1 replica)", () -> handle.remote(OnnxClassifier::classify, input)
                    .result(), expected, warmUp, phase));
        } finally {
            Serve.shutdown();
        }
        var json = JsonNodeFactory.instance.objectNode();
        json.put("model", modelFile.toString());
        json.put("input_values", input.length);
        json.put("callers", CALLERS);
        json.put("phase_s", phase.toSeconds());
        var rows = json.putArray("results");
        for (Result r : results) {
            rows.addObject().put("target", r.target()).put("p50_us", r.p50Micros()).put("p99_us", r.p99Micros())
                    .put("calls_per_second", r.callsPerSecond());
        }
        System.out.println(RESULT + json);
    }

    /** The HTTP body for {@code input}: {@code {"input": [...]}}, as {@link Example} reads it. */
    static String requestBody(float[] input) {
        return JsonNodeFactory.instance.objectNode().set("input", new ObjectMapper().valueToTree(input)).toString();
    }

    /** The first example of a fixture's inputs file: the first entry of "inputs" (or "images"), flattened. */
    static float[] firstInput(JsonNode reference) {
        JsonNode inputs = reference.has("inputs") ? reference.path("inputs") : reference.path("images");
        JsonNode first = inputs.isArray() && !inputs.isEmpty() ? inputs.get(0) : inputs;
        List<Float> values = new ArrayList<>();
        flatten(first, values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the inputs file has no numeric 'inputs' or 'images'");
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void flatten(JsonNode node, List<Float> into) {
        if (node.isNumber()) {
            into.add(node.floatValue());
        } else if (node.isArray()) {
            node.forEach(n -> flatten(n, into));
        } else if (node.isObject()) {
            node.forEach(n -> flatten(n, into));
        }
    }

    private static Result measure(String name, IntSupplier call, int expected, Duration warmUp, Duration phase)
            throws Exception {
        ClosedLoop.callsPerSecond(n -> call.getAsInt(), warmUp, CALLERS);
        var latencies = new LatencyRecorder(1 << 20);
        long end = System.nanoTime() + phase.toNanos();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            int label = call.getAsInt();
            latencies.record(System.nanoTime() - t0);
            if (label != expected) {
                throw new IllegalStateException(name + " predicted " + label + ", expected " + expected);
            }
        }
        double throughput = ClosedLoop.callsPerSecond(n -> call.getAsInt(), phase, CALLERS);
        System.err.printf(Locale.ROOT, "%s: p50 %.1f µs at 1 caller, %.0f calls/s at %d callers%n", name,
                latencies.percentileMicros(50), throughput, CALLERS);
        return new Result(name, latencies.percentileMicros(50), latencies.percentileMicros(99), throughput);
    }

}
