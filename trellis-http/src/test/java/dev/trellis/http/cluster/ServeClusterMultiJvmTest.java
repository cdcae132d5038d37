package dev.trellis.http.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.core.internal.runtime.NodeMain;
import dev.trellis.core.testing.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import dev.trellis.core.testing.ChildLogsOnFailure;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Serve on clusters of node JVMs on loopback, each test its own:
 * <ul>
 *   <li>a head with 2 CPUs and a worker: one config deployed through the head's admin API puts a
 *   deployment's two 1-CPU replicas on both nodes; the worker's own HTTP proxy serves the
 *   application, whose ingress calls replicas on both nodes (records come back as records); the
 *   worker killed with SIGKILL, its replica is started again on the head and serving goes on;</li>
 *   <li>the head of three nodes killed: the controller moves to the next-oldest node, adopts the
 *   workers' replicas and starts the lost one; every request through a worker's proxy is answered;</li>
 *   <li>a worker of three paused (SIGSTOP: a partition as its peers see it): its replica is
 *   replaced, the split brain resolver downs it, and resumed it exits with status 3 instead of
 *   serving; a node that joins later gets the replica a grown target adds, and its proxy serves;</li>
 *   <li>{@code --proxy-location HeadOnly}: only the head runs an HTTP proxy, which reaches the
 *   worker's replicas, and a config asking for EveryNode is refused.</li>
 * </ul>
 * Each prints its counts and times (the fault tests' figures in the closing notes come from here).
 */
@Timeout(300)
@ExtendWith(ChildLogsOnFailure.class)
class ServeClusterMultiJvmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern READY = Pattern.compile("trellis node (\\S+) ready at");
    private static final String CONFIG = """
            applications:
              - name: where
                route_prefix: /where
                import_path: dev.trellis.http.cluster.ClusterApps:where
                deployments:
                  - name: Where
                    num_replicas: 2
                    ray_actor_options:
                      num_cpus: 1
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ChildJvm> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(ChildJvm::close);
    }

    private ChildJvm node(String name, String... args) {
        ChildJvm node = ChildJvm.builder(NodeMain.class).name(name).jvmArgs("-Xmx384m").args(args)
                .readyLine(READY).startTimeout(Duration.ofSeconds(90)).start();
        nodes.add(node);
        return node;
    }

    @Test
    void replicasSpreadAcrossNodesServeThroughEveryProxyAndComeBackAfterANodeDies() throws Exception {
        // The head's cluster port is below the worker's, as with the default 6380 and ephemeral worker
        // ports: of two nodes, the split brain resolver keeps the one with the lowest address.
        int portA = ChildJvm.freePort();
        int portB = ChildJvm.freePort();
        int clusterPort = Math.min(portA, portB);
        int workerPort = Math.max(portA, portB);
        int headHttp = ChildJvm.freePort();
        int workerHttp = ChildJvm.freePort();
        int admin = ChildJvm.freePort();
        ChildJvm head = node("head", "--head", "--cluster-port", String.valueOf(clusterPort), "--num-cpus", "2",
                "--http-port", String.valueOf(headHttp), "--admin-port", String.valueOf(admin));
        ChildJvm worker = node("worker", "--address", "127.0.0.1:" + clusterPort, "--cluster-port",
                String.valueOf(workerPort), "--num-cpus", "1",
                "--http-port", String.valueOf(workerHttp));
        String headId = nodeId(head);
        String workerId = nodeId(worker);
        // Deploy once the controller knows the worker's replica host, or every replica fits on the head.
        head.awaitLine("replica host of node " + workerId + " joined", Duration.ofSeconds(30));
        assertThat(worker.tail(50)).contains("trellis serve proxy at http://127.0.0.1:" + workerHttp);

        HttpResponse<String> deployed = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin + "/api/serve/applications/"))
                .header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofString(CONFIG))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);

        JsonNode where = awaitDeployment(admin, "Where", d -> runningNodes(d).size() == 2, Duration.ofSeconds(60));
        assertThat(new HashSet<>(runningNodes(where))).containsExactlyInAnyOrder(headId, workerId);

        // The worker's proxy serves the application; the ingress (0 CPUs, on the head) prefers its own
        // node's replica while loads are equal, and reaches the worker's once calls pile up.
        Set<String> answeredBy = new HashSet<>();
        for (int round = 0; round < 20 && answeredBy.size() < 2; round++) {
            var answers = new ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < 12; i++) {
                answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + workerHttp + "/where"))
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("hello " + i)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < answers.size(); i++) {
                HttpResponse<String> r = answers.get(i).get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode answer = JSON.readTree(r.body());
                assertThat(answer.get("echo").asText()).isEqualTo("hello " + i);
                assertThat(answer.get("front").asText()).isEqualTo(headId);
                answeredBy.add(answer.get("where").asText());
            }
        }
        assertThat(answeredBy).containsExactlyInAnyOrder(headId, workerId);
        assertThat(post(headHttp, "from the head").get("echo").asText()).isEqualTo("from the head");

        worker.kill();
        long killed = System.nanoTime();
        // Serving goes on through the head's proxy while the controller replaces the lost replica.
        Map<Integer, Integer> statuses = new HashMap<>();
        JsonNode after = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send(headHttp, "after");
            statuses.merge(r == null ? -1 : r.statusCode(), 1, Integer::sum);
            JsonNode d = deployment(admin, "Where");
            if (runningNodes(d).size() == 2 && runningNodes(d).stream().allMatch(headId::equals)) {
                after = d;
                break;
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - killed) / 1e9;
        System.out.printf("worker killed: both replicas RUNNING on the head after %.1f s; answers by status %s%n",
                seconds, statuses);
        assertThat(after).as("the lost replica was not replaced on the head within 90 s").isNotNull();
        assertThat(statuses.getOrDefault(200, 0)).isPositive();
        assertThat(statuses.keySet()).as("every request answered: 200, or 503 for one running on the lost node").allMatch(s -> s == 200 || s == 503);
        for (int i = 0; i < 5; i++) {
            assertThat(post(headHttp, "again " + i).get("where").asText()).isEqualTo(headId);
        }
    }

    @Test
    void whenTheHeadDiesTheControllerMovesAdoptsTheRunningReplicasAndServingGoesOn() throws Exception {
        int[] ports = {ChildJvm.freePort(), ChildJvm.freePort(), ChildJvm.freePort()};
        java.util.Arrays.sort(ports);
        int w1Http = ChildJvm.freePort();
        int w2Http = ChildJvm.freePort();
        int headAdmin = ChildJvm.freePort();
        int w1Admin = ChildJvm.freePort();
        ChildJvm head = node("head", "--head", "--cluster-port", String.valueOf(ports[0]), "--num-cpus", "2",
                "--http-port", String.valueOf(ChildJvm.freePort()), "--admin-port", String.valueOf(headAdmin));
        ChildJvm w1 = node("w1", "--address", "127.0.0.1:" + ports[0], "--cluster-port", String.valueOf(ports[1]),
                "--num-cpus", "2", "--http-port", String.valueOf(w1Http), "--admin-port", String.valueOf(w1Admin));
        ChildJvm w2 = node("w2", "--address", "127.0.0.1:" + ports[0], "--cluster-port", String.valueOf(ports[2]),
                "--num-cpus", "2", "--http-port", String.valueOf(w2Http));
        String headId = nodeId(head);
        String w1Id = nodeId(w1);
        String w2Id = nodeId(w2);
        for (String worker : List.of(w1Id, w2Id)) {
            head.awaitLine("replica host of node " + worker + " joined", Duration.ofSeconds(30));
        }
        HttpResponse<String> deployed = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + headAdmin + "/api/serve/applications/"))
                .header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofString(
                        CONFIG.replace("num_replicas: 2", "num_replicas: 3")))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
        JsonNode before = awaitDeployment(headAdmin, "Where", d -> runningNodes(d).size() == 3, Duration.ofSeconds(60));
        assertThat(new HashSet<>(runningNodes(before))).containsExactlyInAnyOrder(headId, w1Id, w2Id);
        Set<String> workerReplicas = new HashSet<>();
        for (JsonNode r : before.path("replicas")) {
            if (!r.path("node_id").asText().equals(headId)) {
                workerReplicas.add(r.path("replica_id").asText());
            }
        }
        // Through w2's proxy before the head dies (the ingress may be on any node).
        assertThat(post(w2Http, "before").get("echo").asText()).isEqualTo("before");
        // w1's admin API has no controller to ask while the head runs it: it redirects to the head's.
        HttpResponse<String> redirected = send(w1Admin, "GET", "/api/serve/applications/");
        assertThat(redirected.statusCode()).as(redirected.body()).isEqualTo(307);
        assertThat(redirected.body()).contains("does not run on this", headId);
        assertThat(redirected.headers().firstValue("Location"))
                .contains("http://127.0.0.1:" + headAdmin + "/api/serve/applications/");
        try (var following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<String> followed = following.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + w1Admin + "/api/serve/applications/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(followed.statusCode()).isEqualTo(200);
            assertThat(followed.body()).contains("\"where\"");
        }

        head.kill();
        long killed = System.nanoTime();
        Map<Integer, Integer> statuses = new HashMap<>();
        JsonNode after = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send(w2Http, "after");
            statuses.merge(r == null ? -1 : r.statusCode(), 1, Integer::sum);
            JsonNode d = deploymentOrNull(w1Admin, "Where");
            if (d != null && runningNodes(d).size() == 3 && !runningNodes(d).contains(headId)) {
                after = d;
                break;
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - killed) / 1e9;
        System.out.printf("head killed: the controller on w1 had 3 Where replicas RUNNING again after %.1f s;"
                + " answers through w2's proxy by status %s%n", seconds, statuses);
        assertThat(after).as("w1's controller did not restore 3 replicas within 120 s").isNotNull();
        Set<String> afterIds = new HashSet<>();
        after.path("replicas").forEach(r -> afterIds.add(r.path("replica_id").asText()));
        assertThat(afterIds).as("the workers' replicas were adopted, not restarted").containsAll(workerReplicas);
        // Calls to a deployment whose only replica was on the head wait at most 10 s for the new
        // controller's replica, then get 503; every one is answered, none wrongly.
        assertThat(statuses.keySet()).as("every request answered: 200, or 503").allMatch(s -> s == 200 || s == 503);
        JsonNode answer = post(w2Http, "after the head");
        assertThat(answer.get("echo").asText()).isEqualTo("after the head");
        assertThat(answer.get("front").asText()).isIn(w1Id, w2Id);
    }

    @Test
    void aPausedNodeIsDownedAndReplacedAndANodeThatJoinsLaterGetsReplicasAndAProxy() throws Exception {
        int[] ports = {ChildJvm.freePort(), ChildJvm.freePort(), ChildJvm.freePort()};
        java.util.Arrays.sort(ports);
        int headHttp = ChildJvm.freePort();
        int admin = ChildJvm.freePort();
        ChildJvm head = node("head", "--head", "--cluster-port", String.valueOf(ports[0]), "--num-cpus", "2",
                "--http-port", String.valueOf(headHttp), "--admin-port", String.valueOf(admin));
        ChildJvm w1 = node("w1", "--address", "127.0.0.1:" + ports[0], "--cluster-port", String.valueOf(ports[1]),
                "--num-cpus", "2", "--http-port", String.valueOf(ChildJvm.freePort()));
        ChildJvm w2 = node("w2", "--address", "127.0.0.1:" + ports[0], "--cluster-port", String.valueOf(ports[2]),
                "--num-cpus", "2", "--http-port", String.valueOf(ChildJvm.freePort()));
        String headId = nodeId(head);
        String w1Id = nodeId(w1);
        String w2Id = nodeId(w2);
        for (String worker : List.of(w1Id, w2Id)) {
            head.awaitLine("replica host of node " + worker + " joined", Duration.ofSeconds(30));
        }
        String config = CONFIG.replace("num_replicas: 2", "num_replicas: 3\n        max_replicas_per_node: 2");
        deploy(admin, config);
        JsonNode before = awaitDeployment(admin, "Where", d -> runningNodes(d).size() == 3, Duration.ofSeconds(60));
        assertThat(new HashSet<>(runningNodes(before))).containsExactlyInAnyOrder(headId, w1Id, w2Id);

        // A partition, as its peers see it: w2 stops answering (SIGSTOP) with its sockets open.
        w2.pause();
        long paused = System.nanoTime();
        Map<Integer, Integer> statuses = new HashMap<>();
        JsonNode replaced = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send(headHttp, "during");
            statuses.merge(r == null ? -1 : r.statusCode(), 1, Integer::sum);
            JsonNode d = deployment(admin, "Where");
            if (runningNodes(d).size() == 3 && !runningNodes(d).contains(w2Id)) {
                replaced = d;
                break;
            }
            Thread.sleep(100);
        }
        System.out.printf("w2 paused: 3 replicas RUNNING on the other nodes after %.1f s; answers by status %s%n",
                (System.nanoTime() - paused) / 1e9, statuses);
        assertThat(replaced).as("w2's replica was not replaced within 60 s").isNotNull();
        assertThat(statuses.keySet()).as("every request answered: 200, or 503").allMatch(s -> s == 200 || s == 503);
        head.awaitLine("SBR took decision DownUnreachable and is downing", Duration.ofSeconds(30));

        // Let it go on: downed, it must not come back serving; its process exits (status 3).
        w2.resume();
        int status = w2.awaitExit(Duration.ofSeconds(60));
        System.out.printf("w2 resumed after being downed: exited with status %d %.1f s after the pause%n", status,
                (System.nanoTime() - paused) / 1e9);
        assertThat(status).as("w2's exit status after it was downed").isEqualTo(3);

        // A node that joins now gets the replica the grown target adds (spreading puts it on the
        // node with none), and its own proxy serves the application.
        int w3Http = ChildJvm.freePort();
        ChildJvm w3 = node("w3", "--address", "127.0.0.1:" + ports[0], "--cluster-port",
                String.valueOf(ChildJvm.freePort()), "--num-cpus", "2", "--http-port", String.valueOf(w3Http));
        String w3Id = nodeId(w3);
        head.awaitLine("replica host of node " + w3Id + " joined", Duration.ofSeconds(30));
        assertThat(w3.tail(50)).contains("trellis serve proxy at http://127.0.0.1:" + w3Http);
        deploy(admin, config.replace("num_replicas: 3", "num_replicas: 4"));
        JsonNode grown = awaitDeployment(admin, "Where", d -> runningNodes(d).size() == 4, Duration.ofSeconds(60));
        assertThat(runningNodes(grown)).contains(w3Id).doesNotContain(w2Id);
        Set<String> answeredBy = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            JsonNode answer = post(w3Http, "late " + i);
            assertThat(answer.get("echo").asText()).isEqualTo("late " + i);
            answeredBy.add(answer.get("where").asText());
        }
        assertThat(answeredBy).contains(w3Id);
    }

    @Test
    void withProxyLocationHeadOnlyOnlyTheHeadServesHttpAndAContradictingConfigIsRefused() throws Exception {
        int headHttp = ChildJvm.freePort();
        int workerHttp = ChildJvm.freePort();
        int admin = ChildJvm.freePort();
        int clusterPort = ChildJvm.freePort();
        // No CPUs on the head: the 1-CPU Where replicas must run on the worker, behind the head's proxy.
        ChildJvm head = node("head", "--head", "--cluster-port", String.valueOf(clusterPort), "--num-cpus", "0",
                "--http-port", String.valueOf(headHttp), "--admin-port", String.valueOf(admin),
                "--proxy-location", "HeadOnly");
        ChildJvm worker = node("worker", "--address", "127.0.0.1:" + clusterPort, "--num-cpus", "2",
                "--http-port", String.valueOf(workerHttp), "--proxy-location", "HeadOnly");
        String workerId = nodeId(worker);
        head.awaitLine("replica host of node " + workerId + " joined", Duration.ofSeconds(30));
        assertThat(worker.tail(50)).contains("trellis serve proxy: none on this node (proxy_location HeadOnly)");
        assertThat(head.tail(50)).contains("trellis serve proxy at http://127.0.0.1:" + headHttp);

        deploy(admin, CONFIG);
        JsonNode where = awaitDeployment(admin, "Where", d -> runningNodes(d).size() == 2, Duration.ofSeconds(60));
        assertThat(runningNodes(where)).containsOnly(workerId);
        for (int i = 0; i < 5; i++) {
            JsonNode answer = post(headHttp, "head only " + i);
            assertThat(answer.get("echo").asText()).isEqualTo("head only " + i);
            assertThat(answer.get("where").asText()).as("the head's proxy reaches the worker's replicas").isEqualTo(workerId);
        }
        assertThat(send(workerHttp, "nothing listens")).as("the worker runs no proxy").isNull();

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin + "/api/serve/applications/"))
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString("proxy_location: EveryNode\n" + CONFIG))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("proxy_location", "is EveryNode", "proxy_location HeadOnly");
    }

    @Test
    void autoscalingAndMultiplexingWorkAcrossNodes() throws Exception {
        int headHttp = ChildJvm.freePort();
        int workerHttp = ChildJvm.freePort();
        int admin = ChildJvm.freePort();
        int clusterPort = ChildJvm.freePort();
        ChildJvm head = node("head", "--head", "--cluster-port", String.valueOf(clusterPort), "--num-cpus", "2",
                "--http-port", String.valueOf(headHttp), "--admin-port", String.valueOf(admin));
        ChildJvm worker = node("worker", "--address", "127.0.0.1:" + clusterPort, "--num-cpus", "2",
                "--http-port", String.valueOf(workerHttp));
        String headId = nodeId(head);
        String workerId = nodeId(worker);
        head.awaitLine("replica host of node " + workerId + " joined", Duration.ofSeconds(30));
        // The ingress autoscales on the load that the worker's proxy reports; the model server's two
        // replicas sit on both nodes.
        deploy(admin, """
                applications:
                  - name: where
                    route_prefix: /where
                    import_path: dev.trellis.http.cluster.ClusterApps:where
                    deployments:
                      - name: Front
                        max_ongoing_requests: 2
                        autoscaling_config:
                          min_replicas: 1
                          max_replicas: 4
                          target_ongoing_requests: 1
                          upscale_delay_s: 0
                          metrics_interval_s: 0.2
                          look_back_period_s: 1
                        ray_actor_options:
                          num_cpus: 0.5
                      - name: Where
                        num_replicas: 2
                        ray_actor_options:
                          num_cpus: 0.25
                  - name: models
                    route_prefix: /models
                    import_path: dev.trellis.http.cluster.ClusterApps:models
                    deployments:
                      - name: Models
                        num_replicas: 2
                        ray_actor_options:
                          num_cpus: 0.5
                """);
        awaitDeployment(admin, "Front", d -> runningNodes(d).size() == 1, Duration.ofSeconds(60));
        JsonNode models = awaitDeployment(admin, "models", "Models", d -> runningNodes(d).size() == 2,
                Duration.ofSeconds(60));
        assertThat(new HashSet<>(runningNodes(models))).containsExactlyInAnyOrder(headId, workerId);

        // Eight callers at once through the worker's proxy, until Front has scaled up over both nodes.
        var load = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var answered = new java.util.concurrent.ConcurrentHashMap<Integer, Integer>();
        for (int c = 0; c < 8; c++) {
            load.submit(() -> {
                while (!stop.get()) {
                    HttpResponse<String> r = send(workerHttp, "load");
                    answered.merge(r == null ? -1 : r.statusCode(), 1, Integer::sum);
                }
                return null;
            });
        }
        JsonNode scaled;
        try {
            scaled = awaitDeployment(admin, "Front", d -> runningNodes(d).size() >= 3
                    && new HashSet<>(runningNodes(d)).size() == 2, Duration.ofSeconds(60));
        } finally {
            stop.set(true);
            load.shutdown();
            load.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        System.out.printf("autoscaling across nodes: Front at %d replicas on %s; answers %s%n",
                runningNodes(scaled).size(), new HashSet<>(runningNodes(scaled)), answered);
        assertThat(answered.keySet()).containsOnly(200);

        // A model loaded through the worker's proxy: the head's proxy, which never routed it, learns from
        // the controller which replica holds it and sends its calls there.
        Set<String> replicas = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            JsonNode answer = postTo(workerHttp, "/models", "customer-a");
            assertThat(answer.get("model").asText()).isEqualTo("customer-a");
            assertThat(answer.get("loads").asInt()).isEqualTo(1);
            replicas.add(answer.get("replica").asText());
        }
        // The holder's report reached the controller (on the head, whose router it updates in the same pass).
        awaitDeployment(admin, "models", "Models", d -> {
            for (JsonNode r : d.path("replicas")) {
                if (r.path("multiplexed_model_ids").toString().contains("\"customer-a\"")) {
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(30));
        for (int i = 0; i < 6; i++) {
            JsonNode answer = postTo(headHttp, "/models", "customer-a");
            assertThat(answer.get("loads").asInt()).as("loaded once, on one replica").isEqualTo(1);
            replicas.add(answer.get("replica").asText());
        }
        assertThat(replicas).as("every call for the model went to the replica holding it").hasSize(1);
    }

    /** POSTs to {@code path} with the multiplexed model id header; the answer must be 200. */
    private JsonNode postTo(int port, String path, String modelId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("serve_multiplexed_model_id", modelId).timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString("hi")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void deploy(int admin, String config) throws Exception {
        HttpResponse<String> deployed = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin + "/api/serve/applications/"))
                .header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofString(config))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
    }

    /** A deployment's status from {@code admin}; null while no controller answers there. */
    private JsonNode deploymentOrNull(int admin, String name) throws Exception {
        HttpResponse<String> r = send(admin, "GET", "/api/serve/applications/");
        if (r == null || r.statusCode() != 200) {
            return null;
        }
        JsonNode d = JSON.readTree(r.body()).path("applications").path("where").path("deployments").path(name);
        return d.isMissingNode() ? null : d;
    }

    private HttpResponse<String> send(int port, String method, String path) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }

    private static String nodeId(ChildJvm node) {
        var m = READY.matcher(node.readyLine());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static List<String> runningNodes(JsonNode deployment) {
        var out = new ArrayList<String>();
        if (deployment != null) {
            for (JsonNode r : deployment.path("replicas")) {
                if (r.path("state").asText().equals("RUNNING")) {
                    out.add(r.path("node_id").asText());
                }
            }
        }
        return out;
    }

    private JsonNode awaitDeployment(int admin, String name, Predicate<JsonNode> until, Duration timeout)
            throws Exception {
        return awaitDeployment(admin, "where", name, until, timeout);
    }

    private JsonNode awaitDeployment(int admin, String app, String name, Predicate<JsonNode> until, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = deployment(admin, app, name);
            if (last != null && until.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deployment " + name + " did not get there within " + timeout + "; last: " + last);
    }

    private JsonNode deployment(int admin, String name) throws Exception {
        return deployment(admin, "where", name);
    }

    private JsonNode deployment(int admin, String app, String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin + "/api/serve/applications/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode d = JSON.readTree(r.body()).path("applications").path(app).path("deployments").path(name);
        return d.isMissingNode() ? null : d;
    }

    private JsonNode post(int port, String body) throws Exception {
        HttpResponse<String> r = send(port, body);
        assertThat(r).isNotNull();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /**
     * One request; null when the connection failed or no answer came within 15 s (a call for a
     * deployment whose replicas were all on a lost node is answered 503 after waiting 10 s).
     */
    private HttpResponse<String> send(int port, String body) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/where"))
                    .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }
}
