package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The remote hop of Serve on a cluster: a head ({@code --num-cpus 0}, so it can host no replica)
 * and one worker ({@code --num-cpus 2}), both child JVMs ({@link ServeCluster}); two applications
 * deployed through the head's admin API, each one replica of 1 CPU, so both land on the worker
 * (checked in the admin API's status, {@code node_id}; anything else fails the run): scenario
 * {@code http}'s no-op ingress and scenario {@code peer}'s XGBoost model. Each is loaded with
 * the same closed-loop load ({@link HttpLoad}) at the same connection counts
 *
 * <ul>
 *   <li>at the worker's proxy: proxy and replica in one JVM (the same-JVM baseline), and</li>
 *   <li>at the head's proxy: every request crosses to the worker's replica and its answer comes
 *       back (the remote hop),</li>
 * </ul>
 *
 * back to back, in alternating order over the rounds, after a warm-up of both. Run as
 * {@code RemoteHopBenchmark --logs DIR [--quick]}; prints one {@value #RESULT}JSON line of raw
 * figures, which {@link RemoteHopScenario} turns into ratios.
 */
public final class RemoteHopBenchmark {
    static final String RESULT = "RESULT ";
    private static final Duration PLACED = Duration.ofSeconds(90);

    /** One application measured: its name, deployment, route, and the request and answer check. */
    private record App(String name, String deployment, String path, String json,
                       Predicate<KeepAliveConnection.Response> check) {
        byte[] request(int port) {
            return json == null ? KeepAliveConnection.get(port, path) : KeepAliveConnection.postJson(port, path, json);
        }
    }

    private RemoteHopBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path logs = BenchSettings.logDirOf(args);
        Duration warmUp = quick ? Duration.ofSeconds(3) : Duration.ofSeconds(5);
        Duration phase = quick ? Duration.ofSeconds(3) : Duration.ofSeconds(5);
        int rounds = quick ? 1 : 2;
        List<Integer> connections = quick ? List.of(1, 16) : List.of(1, 16, 64);
        Path model = PeerScenario.FIXTURE.resolve("model.json").toAbsolutePath();
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("missing fixture " + model + " (the XGBoost model of scenario peer)");
        }
        String body = PeerScenario.requestBody();
        List<App> apps = List.of(
                new App("noop", "Noop", "/noop", null, r -> r.status() == 200 && r.body().equals(BenchApps.BODY)),
                new App("tips", "TipModel", "/predict", body,
                        r -> r.status() == 200 && r.body().contains("\"tip_probability\"")));

        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("cores", Runtime.getRuntime().availableProcessors()).put("warm_up_s", warmUp.toSeconds())
                .put("phase_s", phase.toSeconds()).put("rounds", rounds).put("request_body", body)
                .put("model", PeerScenario.FIXTURE.resolve("model.json").toString())
                .put("node_heap", String.join(" ", ServeCluster.HEAP));
        try (ServeCluster cluster = new ServeCluster(logs, List.of())) {
            ServeCluster.Node head = cluster.startHead("hop-head", 0);
            ServeCluster.Node worker = cluster.startWorkers(List.of("hop-worker"), 2).getFirst();
            out.put("head_node", head.id()).put("worker_node", worker.id());
            cluster.deploy(ServeCluster.config(
                    ServeCluster.application("noop", "/noop", "dev.trellis.bench.ServeClusterApps:noop", null, "Noop",
                            1, 1),
                    ServeCluster.application("tips", "/predict", "dev.trellis.bench.ServeClusterApps:tips",
                            model.toString(), "TipModel", 1, 1)));
            ArrayNode results = out.putArray("applications");
            for (App app : apps) {
                List<String> on = cluster.awaitRunning(app.name(), app.deployment(), n -> !n.isEmpty(), PLACED);
                if (!on.equals(List.of(worker.id()))) {
                    throw new IllegalStateException("the " + app.name() + " replica runs on " + on + ", not only on the"
                            + " worker " + worker.id() + " (the head is " + head.id() + "): the head's proxy would"
                            + " not cross to another JVM");
                }
                ServeCluster.note("%s: one replica RUNNING on the worker %s", app.name(), worker.id());
                results.add(measure(app, worker, head, warmUp, phase, rounds, connections));
            }
        }
        ServeCluster.note("stopped");
        System.out.println(RESULT + out);
    }

    private static ObjectNode measure(App app, ServeCluster.Node worker, ServeCluster.Node head, Duration warmUp,
            Duration phase, int rounds, List<Integer> connections) throws Exception {
        var same = new HttpLoad.Target(app.name() + "-same-jvm", worker.proxyPort(), app.request(worker.proxyPort()),
                app.check());
        var remote = new HttpLoad.Target(app.name() + "-remote-hop", head.proxyPort(), app.request(head.proxyPort()),
                app.check());
        for (HttpLoad.Target t : List.of(same, remote)) {
            try (var c = KeepAliveConnection.open(t.port(), Duration.ofSeconds(30))) {
                var answer = c.exchange(t.request());
                if (!t.check().test(answer)) {
                    throw new IllegalStateException(t.label() + " answered " + answer.status() + " '" + answer.body()
                            + "'");
                }
            }
        }
        int most = connections.stream().mapToInt(Integer::intValue).max().orElseThrow();
        HttpLoad.run(same, most, warmUp);
        HttpLoad.run(remote, most, warmUp);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("name", app.name()).put("deployment", app.deployment()).put("path", app.path())
                .put("method", app.json() == null ? "GET" : "POST");
        ArrayNode rows = json.putArray("results");
        for (int c : connections) {
            var sameTotal = new HttpLoad.Totals(c);
            var remoteTotal = new HttpLoad.Totals(c);
            for (int r = 0; r < rounds; r++) {
                // Alternate which goes first, so that a drift of the machine's load falls on both alike.
                boolean sameFirst = r % 2 == 0;
                HttpLoad.Totals first = HttpLoad.run(sameFirst ? same : remote, c, phase);
                HttpLoad.Totals second = HttpLoad.run(sameFirst ? remote : same, c, phase);
                (sameFirst ? sameTotal : remoteTotal).add(first);
                (sameFirst ? remoteTotal : sameTotal).add(second);
            }
            WrkResult a = sameTotal.result();
            WrkResult b = remoteTotal.result();
            ServeCluster.note("%s at %d connection(s): same JVM %.0f/s p50 %.3f ms, remote hop %.0f/s p50 %.3f ms",
                    app.name(), c, a.requestsPerSecond(), a.p50Millis(), b.requestsPerSecond(), b.p50Millis());
            ObjectNode row = rows.addObject().put("connections", c);
            row.set("same_jvm", toJson(a));
            row.set("remote_hop", toJson(b));
        }
        return json;
    }

    static ObjectNode toJson(WrkResult r) {
        return JsonNodeFactory.instance.objectNode().put("duration_s", r.durationSeconds()).put("requests", r.requests())
                .put("requests_per_second", r.requestsPerSecond()).put("p50_ms", r.p50Millis())
                .put("p99_ms", r.p99Millis()).put("errors", r.errors());
    }

    static WrkResult fromJson(int connections, com.fasterxml.jackson.databind.JsonNode r) {
        return new WrkResult(connections, connections, r.path("duration_s").asDouble(), r.path("requests").asLong(),
                r.path("requests_per_second").asDouble(), r.path("p50_ms").asDouble(), r.path("p99_ms").asDouble(),
                r.path("errors").asLong());
    }
}
