package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code peer}: what a Python user would otherwise pick. The same XGBoost model (the
 * committed {@code fixtures/models/taxi_xgboost} fixture, trained and saved by Python xgboost)
 * served over HTTP by FastAPI + uvicorn ({@code trellis-bench/peer/xgboost_fastapi.py}, one
 * worker process per core, Debian's python3-fastapi/uvicorn/xgboost) and by Trellis
 * ({@link TipModelServer}: one replica, XGBoost4J), the same JSON in and out, loaded by the
 * same wrk at 1, 16 and 64 connections, one right after the other.
 */
final class PeerScenario implements Scenario {
    static final Path FIXTURE = Path.of("fixtures", "models", "taxi_xgboost");
    static final String PYTHON = "/usr/bin/python3";
    static final List<Integer> CONNECTIONS = List.of(1, 16, 64);
    private static final String BASELINE = "FastAPI + uvicorn";
    private static final String CANDIDATE = "Trellis";

    @Override
    public String name() {
        return "peer";
    }

    @Override
    public String title() {
        return "An XGBoost model over HTTP: Trellis vs FastAPI + uvicorn";
    }

    @Override
    public ScenarioResult run(BenchSettings settings) throws Exception {
        requirePythonPeer();
        Path model = FIXTURE.resolve("model.json").toAbsolutePath();
        String body = requestBody();
        int workers = Runtime.getRuntime().availableProcessors();
        List<String> python = List.of(PYTHON, Path.of("trellis-bench", "peer", "xgboost_fastapi.py").toString(),
                model.toString(), String.valueOf(freePort()), String.valueOf(workers));
        List<Comparison> comparisons;
        try (var fastapi = LoadTarget.launchPost(BASELINE, "fastapi-peer", python, body, settings);
                var trellis = LoadTarget.launchPost(CANDIDATE, "trellis-tips", TipModelServer.class,
                        List.of(model.toString()), body, settings)) {
            comparisons = Comparison.measure(fastapi, trellis, CONNECTIONS, settings);
        }
        Comparison worst = comparisons.stream().min(Comparator.comparingDouble(Comparison::throughputRatio))
                .orElseThrow();

        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        figures.put("baseline", BASELINE);
        figures.put("model", FIXTURE.resolve("model.json").toString());
        figures.put("request_body", body);
        figures.put("uvicorn_workers", workers);
        figures.put("max_ongoing_requests", BenchApps.MAX_ONGOING_REQUESTS);
        figures.put("warm_up_s", settings.warmUp().toSeconds());
        figures.set("results", Comparison.toJson(comparisons, "fastapi", "trellis"));
        figures.put("lowest_throughput_ratio", worst.throughputRatio());

        String summary = String.format(Locale.ROOT, "Trellis vs FastAPI + uvicorn: throughput %s; p99 %s",
                Comparison.throughputRatios(comparisons), p99Ratios(comparisons));
        String markdown = String.format(Locale.ROOT,
                "POST `%s` to `/predict`, answered `{\"tip_probability\": p, \"tip\": b}` by the same XGBoost "
                        + "model (`%s`, saved by Python xgboost). FastAPI + uvicorn: %d worker process(es) (one per "
                        + "core), `Booster.inplace_predict` per request. Trellis: one replica, XGBoost4J, "
                        + "max_ongoing_requests=%d, access log off. wrk with min(2, connections) threads, %d s "
                        + "warm-up at %d connections, then %d s per row, the two measured back to back.%n%n",
                body, FIXTURE.resolve("model.json"), workers, BenchApps.MAX_ONGOING_REQUESTS,
                settings.warmUp().toSeconds(), CONNECTIONS.getLast(), settings.measurement().toSeconds())
                + Comparison.table(comparisons, BASELINE, CANDIDATE) + "\n" + summary + ".\n";
        return new ScenarioResult(figures, markdown, List.of(summary));
    }

    private static String p99Ratios(List<Comparison> comparisons) {
        return String.join(", ", comparisons.stream().map(c -> Comparison.ratio(c.p99Ratio()) + " at "
                + c.connections()).toList());
    }

    /** The first reference input of the fixture, as the peer and Trellis both take it. */
    static String requestBody() throws IOException {
        JsonNode reference = new ObjectMapper().readTree(FIXTURE.resolve("reference.json").toFile());
        JsonNode row = reference.path("inputs").path(0);
        if (!row.isArray() || row.isEmpty()) {
            throw new IllegalStateException(FIXTURE.resolve("reference.json") + " has no 'inputs' rows");
        }
        return JsonNodeFactory.instance.objectNode().set("features", row).toString();
    }

    /** Fails with what to install unless Debian's python has what the peer needs. */
    private static void requirePythonPeer() throws IOException, InterruptedException {
        Process check = new ProcessBuilder(PYTHON, "-c", "import fastapi, uvicorn, xgboost, numpy")
                .redirectErrorStream(true).start();
        boolean done = check.waitFor(60, TimeUnit.SECONDS);
        String output = new String(check.getInputStream().readAllBytes());
        if (!done || check.exitValue() != 0) {
            throw new IllegalStateException("the FastAPI peer needs Debian's python3-fastapi, python3-uvicorn and "
                    + "python3-xgboost for " + PYTHON + " (trellis-bench/run peer installs them): " + output.strip());
        }
        if (!Files.isRegularFile(FIXTURE.resolve("model.json"))) {
            throw new IllegalStateException("missing fixture " + FIXTURE.resolve("model.json"));
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
