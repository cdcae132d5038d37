package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.http.internal.HttpProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Scenario {@code peer}: what a Python user would otherwise pick. The same XGBoost model (the
 * committed {@code fixtures/models/taxi_xgboost} fixture, trained and saved by Python xgboost)
 * served over HTTP by FastAPI + uvicorn ({@code trellis-bench/peer/xgboost_fastapi.py}, one
 * worker process per core, Debian's python3-fastapi/uvicorn/xgboost) and by Trellis
 * ({@link ModelIngressServer}: one replica, XGBoost4J), with Trellis's limit beside them,
 * {@link RawModelServer} (Netty + Jackson + XGBoost4J in one handler); the same JSON in and out,
 * loaded by the same wrk at 1, 16 and 64 connections, one right after the other. Targets:
 * Trellis at least {@value #RAW_TARGET}x the raw server's throughput at every connection count,
 * at least {@value #PEER_TARGET}x FastAPI's from {@value #PEER_THROUGHPUT_FROM} connections, and
 * a lower p99 than FastAPI's at every count.
 */
final class PeerScenario implements Scenario {
    static final Path FIXTURE = Path.of("fixtures", "models", "taxi_xgboost");
    static final String PYTHON = "/usr/bin/python3";
    static final List<Integer> CONNECTIONS = List.of(1, 16, 64);
    /** At these connection counts and above, the throughput target against the peer applies. */
    static final int PEER_THROUGHPUT_FROM = 16;
    static final double PEER_TARGET = 5.0;
    static final double RAW_TARGET = 0.8;
    private static final String PEER = "FastAPI + uvicorn";
    private static final String RAW = "raw Netty + Jackson + XGBoost4J";
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
        int eventLoops = HttpProxy.eventLoopThreads();
        List<String> python = List.of(PYTHON, Path.of("trellis-bench", "peer", "xgboost_fastapi.py").toString(),
                model.toString(), String.valueOf(freePort()), String.valueOf(workers));
        List<List<WrkResult>> measured;
        try (var fastapi = LoadTarget.launchPost(PEER, "fastapi-peer", python, body, settings);
                var raw = LoadTarget.launchPost(RAW, "raw-xgboost", RawModelServer.class,
                        List.of("xgboost", model.toString(), String.valueOf(eventLoops)), body, settings);
                var trellis = LoadTarget.launchPost(CANDIDATE, "trellis-tips", ModelIngressServer.class,
                        List.of("tips", model.toString()), body, settings)) {
            measured = Comparison.measureInTurn(List.of(fastapi, raw, trellis), CONNECTIONS, settings);
        }
        List<Comparison> vsPeer = new ArrayList<>();
        List<Comparison> vsRaw = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS.size(); i++) {
            List<WrkResult> row = measured.get(i);
            vsPeer.add(new Comparison(CONNECTIONS.get(i), row.get(0), row.get(2)));
            vsRaw.add(new Comparison(CONNECTIONS.get(i), row.get(1), row.get(2)));
        }
        Comparison worstVsRaw = vsRaw.stream().min(Comparator.comparingDouble(Comparison::throughputRatio))
                .orElseThrow();
        double worstVsPeerLoaded = vsPeer.stream().filter(c -> c.connections() >= PEER_THROUGHPUT_FROM)
                .mapToDouble(Comparison::throughputRatio).min().orElseThrow();
        double worstP99VsPeer = vsPeer.stream().mapToDouble(Comparison::p99Ratio).max().orElseThrow();
        boolean rawMet = worstVsRaw.throughputRatio() >= RAW_TARGET;
        boolean peerMet = worstVsPeerLoaded >= PEER_TARGET;
        boolean p99Met = worstP99VsPeer < 1;

        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        figures.put("baseline", PEER);
        figures.put("limit", RAW);
        figures.put("model", FIXTURE.resolve("model.json").toString());
        figures.put("request_body", body);
        figures.put("uvicorn_workers", workers);
        figures.put("raw_event_loop_threads", eventLoops);
        figures.put("max_ongoing_requests", BenchApps.MAX_ONGOING_REQUESTS);
        figures.put("warm_up_s", settings.warmUp().toSeconds());
        figures.set("results", Comparison.toJson(vsPeer, "fastapi", "trellis"));
        figures.set("results_vs_raw", Comparison.toJson(vsRaw, "raw", "trellis"));
        figures.put("lowest_throughput_ratio", vsPeer.stream().mapToDouble(Comparison::throughputRatio).min()
                .orElseThrow());
        ObjectNode targets = figures.putObject("targets");
        targets.put("min_throughput_ratio_to_raw", RAW_TARGET);
        targets.put("lowest_throughput_ratio_to_raw", worstVsRaw.throughputRatio());
        targets.put("raw_met", rawMet);
        targets.put("min_throughput_ratio_to_fastapi", PEER_TARGET);
        targets.put("from_connections", PEER_THROUGHPUT_FROM);
        targets.put("lowest_throughput_ratio_to_fastapi", worstVsPeerLoaded);
        targets.put("fastapi_throughput_met", peerMet);
        targets.put("highest_p99_ratio_to_fastapi", worstP99VsPeer);
        targets.put("fastapi_p99_met", p99Met);

        String rawLine = String.format(Locale.ROOT, "Throughput >= %.1fx %s at every connection count: **%s** (%s)",
                RAW_TARGET, RAW, HttpScenario.met(rawMet), Comparison.throughputRatios(vsRaw));
        String peerLine = String.format(Locale.ROOT, "Throughput >= %.0fx %s at %s connections: **%s** (%s)",
                PEER_TARGET, PEER, CONNECTIONS.stream().filter(c -> c >= PEER_THROUGHPUT_FROM).map(String::valueOf)
                        .collect(Collectors.joining(" and ")), HttpScenario.met(peerMet),
                Comparison.throughputRatios(vsPeer));
        String p99Line = String.format(Locale.ROOT, "p99 lower than %s at every connection count: **%s** (%s)", PEER,
                HttpScenario.met(p99Met), Comparison.p99Ratios(vsPeer));
        String markdown = String.format(Locale.ROOT,
                "POST `%s` to `/predict`, answered `{\"tip_probability\": p, \"tip\": b}` by the same XGBoost "
                        + "model (`%s`, saved by Python xgboost). FastAPI + uvicorn: %d worker process(es) (one per "
                        + "core), `Booster.inplace_predict` per request. %s: %d event loop thread(s), the model run "
                        + "on the event loop, XGBoost4J's in-place prediction. Trellis: the model as a json_request "
                        + "ingress, one replica, XGBoost4J, max_ongoing_requests=%d, access log off. wrk with min(2, "
                        + "connections) threads, %d s warm-up at %d connections, then %d s per row, the three "
                        + "measured back to back.%n%n",
                body, FIXTURE.resolve("model.json"), workers, RAW, eventLoops, BenchApps.MAX_ONGOING_REQUESTS,
                settings.warmUp().toSeconds(), CONNECTIONS.getLast(), settings.measurement().toSeconds())
                + Comparison.table(vsPeer, PEER, CANDIDATE)
                + "\nTrellis against its limit (the same Trellis runs):\n\n" + Comparison.table(vsRaw, RAW, CANDIDATE)
                + "\nTargets:\n\n- " + rawLine + "\n- " + peerLine + "\n- " + p99Line + "\n";
        return new ScenarioResult(figures, markdown, List.of(rawLine.replace("**", ""), peerLine.replace("**", ""),
                p99Line.replace("**", "")));
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
