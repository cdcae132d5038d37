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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * The serving overhead on a real ONNX model: the same model and input (one example per call)
 * predicted by ONNX Runtime called directly in a loop, through a Trellis handle, and over
 * Trellis's HTTP proxy (wrk POSTing the same input). Latency at one caller, throughput at
 * {@value #CALLERS} callers (or connections). Each phase is bounded in time.
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

        /** The HTTP body: {@code {"input": [...]}}. */
        public record Example(float[] input) {
        }

        /** The HTTP ingress (json_request): the label of the posted example. */
        public static final class Api {
            private final DeploymentHandle<OnnxClassifier> model;

            public Api(DeploymentHandle<OnnxClassifier> model) {
                this.model = model;
            }

            public int predict(Example example) {
                return model.remote(OnnxClassifier::classify, example.input()).result();
            }
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
            Serve.run(Serve.deployment(OnnxClassifier.Api.class)
                    .options(o -> o.maxOngoingRequests(BenchApps.MAX_ONGOING_REQUESTS)).bind(model), "api", "/predict");
            String url = "http://127.0.0.1:" + Serve.httpAddress().orElseThrow().getPort() + "/predict";
            String body = JsonNodeFactory.instance.objectNode().set("input",
                    new ObjectMapper().valueToTree(input)).toString();
            Wrk.run(url, body, CALLERS, warmUp);
            WrkResult one = Wrk.run(url, body, 1, phase);
            WrkResult many = Wrk.run(url, body, CALLERS, phase);
            results.add(new Result("Trellis over HTTP (wrk, JSON body)", one.p50Millis() * 1000,
                    one.p99Millis() * 1000, many.requestsPerSecond()));
            System.err.printf(Locale.ROOT, "HTTP: p50 %.3f ms at 1 connection, %.0f req/s at %d%n", one.p50Millis(),
                    many.requestsPerSecond(), CALLERS);
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
