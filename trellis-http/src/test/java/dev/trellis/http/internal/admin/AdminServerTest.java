package dev.trellis.http.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.core.Resources;
import dev.trellis.http.AdminServer;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin REST API against a real embedded runtime, over loopback at free ports. */
class AdminServerTest {
    private static final String NAMED = AdminApps.class.getName() + ":named";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final AtomicInteger stops = new AtomicInteger();
    private AdminServer admin;
    private AdminApiClient api;
    private AdminApiClient proxy;

    @BeforeEach
    void start() {
        HttpOptions http = HttpOptions.builder().port(0).build();
        Serve.start(ServeOptions.builder().nodeResources(Resources.of(8, 0)).controlLoopInterval(Duration.ofMillis(50))
                .http(http).build());
        admin = AdminServer.builder().port(0).proxyOptions(http).maxRequestBodyBytes(64 * 1024)
                .onStopRequested(stops::incrementAndGet).start();
        api = new AdminApiClient(admin.url(), null);
        proxy = new AdminApiClient("http://127.0.0.1:" + Serve.httpAddress().orElseThrow().getPort(), null);
    }

    @AfterEach
    void stop() {
        api.close();
        proxy.close();
        admin.close();
        Serve.shutdown();
    }

    static String app(String name, String prefix, String greeting) {
        return """
                  - name: %s
                    route_prefix: %s
                    import_path: %s
                    args: {name: %s}
                """.formatted(name, prefix, NAMED, greeting);
    }

    static String config(String... apps) {
        return "applications:\n" + String.join("", apps);
    }

    private void awaitRunning(String... names) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode apps = api.applications();
            for (String name : names) {
                assertThat(apps.path(name).path("status").asText()).as(name).isEqualTo("RUNNING");
            }
        });
    }

    private List<String> replicaIds(String app) {
        var ids = new ArrayList<String>();
        api.applications().get(app).get("deployments").forEach(d -> d.get("replicas").forEach(r -> ids.add(r.get("replica_id").asText())));
        return ids;
    }

    @Test
    void healthzAnswersSuccess() {
        var response = api.get("/-/healthz");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("success");
    }

    @Test
    void putDeploysAndGetShowsStatusAndTheConfigInForce() {
        var put = api.putYaml(config(app("a", "/a", "alpha")));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(AdminApiClient.json(put).get("deployed").get(0).asText()).isEqualTo("a");

        awaitRunning("a");
        JsonNode a = api.applications().get("a");
        assertThat(a.get("route_prefix").asText()).isEqualTo("/a");
        assertThat(a.get("deployed_app_config").get("args").get("name").asText()).isEqualTo("alpha");
        assertThat(a.get("last_deployed_time_s").asDouble()).isPositive();
        assertThat(api.get("/api/serve/applications/").body()).doesNotContainPattern("last_deployed_time_s\" : [0-9.]+E");
        JsonNode named = a.get("deployments").get("Named");
        assertThat(named.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(named.get("replica_states").get("RUNNING").asInt()).isEqualTo(1);
        assertThat(proxy.get("/a/x").body()).isEqualTo("alpha /x");
    }

    @Test
    void jsonConfigIsAcceptedAsRayClientsSendIt() {
        var put = api.send("PUT", "/api/serve/applications", "application/json",
                "{\"applications\": [{\"name\": \"j\", \"route_prefix\": \"/j\", \"import_path\": \"" + NAMED + "\"}]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        awaitRunning("j");
        assertThat(proxy.get("/j").body()).isEqualTo("hello /");
    }

    @Test
    void puttingTheSameConfigAgainRestartsNoReplica() {
        String config = config(app("a", "/a", "alpha"));
        api.putYaml(config);
        awaitRunning("a");
        List<String> before = replicaIds("a");

        var again = api.putYaml(config);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(AdminApiClient.json(again).get("unchanged").get(0).asText()).isEqualTo("a");
        assertThat(AdminApiClient.json(again).get("deployed")).isEmpty();
        assertThat(replicaIds("a")).isEqualTo(before);
    }

    @Test
    void applicationsMissingFromTheConfigAreDeletedAndTheirPrefixCanMove() {
        api.putYaml(config(app("a", "/a", "alpha"), app("b", "/b", "beta")));
        awaitRunning("a", "b");

        var put = api.putYaml(config(app("c", "/b", "gamma")));

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(AdminApiClient.json(put).get("deleted").toString()).contains("a", "b");
        awaitRunning("c");
        assertThat(api.applications().properties()).extracting(e -> e.getKey()).containsExactly("c");
        assertThat(proxy.get("/b").body()).isEqualTo("gamma /");
        assertThat(proxy.get("/a").statusCode()).isEqualTo(404);
    }

    @Test
    void runningApplicationsCanPassPrefixesAlongButNotSwapThem() {
        api.putYaml(config(app("a", "/a", "alpha"), app("b", "/b", "beta")));
        awaitRunning("a", "b");

        var along = api.putYaml(config(app("a", "/b", "alpha"), app("b", "/c", "beta")));
        assertThat(along.statusCode()).as(along.body()).isEqualTo(200);
        awaitRunning("a", "b");
        assertThat(proxy.get("/b").body()).isEqualTo("alpha /");
        assertThat(proxy.get("/c").body()).isEqualTo("beta /");

        var swap = api.putYaml(config(app("a", "/c", "alpha"), app("b", "/b", "beta")));
        assertThat(swap.statusCode()).isEqualTo(400);
        assertThat(AdminApiClient.json(swap).get("problems").get(0).get("path").asText())
                .isEqualTo("applications[0].route_prefix");
        assertThat(proxy.get("/b").body()).isEqualTo("alpha /");
    }

    @Test
    void aBadConfigIsRejectedWithEveryProblemAndChangesNothing() {
        api.putYaml(config(app("a", "/a", "alpha")));
        awaitRunning("a");
        List<String> before = replicaIds("a");

        var put = api.putYaml("""
                applications:
                  - name: a
                    route_prefix: /x
                    import_path: %s
                  - name: a
                    route_prefix: /x
                    import_path: com.example.Missing:app
                    replicas: 2
                """.formatted(NAMED));

        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = AdminApiClient.json(put);
        assertThat(body.get("error").asText()).contains("4 problems", "nothing was changed");
        var paths = new ArrayList<String>();
        body.get("problems").forEach(p -> paths.add(p.get("path").asText() + "@" + p.path("line").asInt()));
        assertThat(paths).contains("applications[1].name@5", "applications[1].route_prefix@6",
                "applications[1].import_path@7", "applications[1].replicas@8");
        assertThat(put.body()).doesNotContain("\tat ", "Exception");
        assertThat(replicaIds("a")).isEqualTo(before);
        assertThat(api.applications().get("a").get("route_prefix").asText()).isEqualTo("/a");
        assertThat(proxy.get("/a").body()).isEqualTo("alpha /");
    }

    @Test
    void anApplicationTheProxyCannotServeRejectsTheConfigBeforeAnythingIsDeleted() {
        api.putYaml(config(app("a", "/a", "alpha")));
        awaitRunning("a");
        List<String> before = replicaIds("a");

        var put = api.putYaml("""
                applications:
                  - name: b
                    route_prefix: /b
                    import_path: %s:unservable
                """.formatted(AdminApps.class.getName()));

        assertThat(put.statusCode()).isEqualTo(400);
        JsonNode problem = AdminApiClient.json(put).get("problems").get(0);
        assertThat(problem.get("path").asText()).isEqualTo("applications[0]");
        assertThat(problem.get("line").asInt()).isEqualTo(2);
        assertThat(problem.get("message").asText()).contains("cannot serve HTTP requests", "TwoEntryPoints");
        assertThat(replicaIds("a")).as("a, missing from the rejected config, still runs").isEqualTo(before);
        assertThat(api.applications().has("b")).isFalse();
        assertThat(proxy.get("/a").body()).isEqualTo("alpha /");
    }

    @Test
    void unknownKeysAndWrongTypesAreNamedWithTheirValue() {
        var put = api.putYaml("""
                applications:
                  - name: a
                    import_path: %s
                    deployments:
                      - name: Named
                        num_replicas: two
                """.formatted(NAMED));

        assertThat(put.statusCode()).isEqualTo(400);
        JsonNode problem = AdminApiClient.json(put).get("problems").get(0);
        assertThat(problem.get("path").asText()).isEqualTo("applications[0].deployments[0].num_replicas");
        assertThat(problem.get("line").asInt()).isEqualTo(6);
        assertThat(problem.get("message").asText()).contains("two");
    }

    @Test
    void badJsonIsA400WithTheLine() {
        var put = api.send("PUT", "/api/serve/applications/", "application/json", "{\"applications\": [\n{]}");
        assertThat(put.statusCode()).isEqualTo(400);
        JsonNode problem = AdminApiClient.json(put).get("problems").get(0);
        assertThat(problem.get("line").asInt()).isEqualTo(2);
        assertThat(problem.get("message").asText()).contains("not valid JSON");
    }

    @Test
    void httpOptionsThatDifferFromTheRunningProxyAreRejected() {
        int running = Serve.httpAddress().orElseThrow().getPort();
        var put = api.putYaml("http_options:\n  host: 127.0.0.1\n  port: 1\n" + config(app("a", "/a", "alpha")));

        assertThat(put.statusCode()).isEqualTo(400);
        JsonNode problems = AdminApiClient.json(put).get("problems");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).get("path").asText()).isEqualTo("http_options.port");
        assertThat(problems.get(0).get("line").asInt()).isEqualTo(3);
        assertThat(problems.get(0).get("message").asText()).contains("1", String.valueOf(running));
        assertThat(api.applications().isEmpty()).isTrue();

        var matching = api.putYaml("http_options: {port: " + running + ", host: localhost}\n" + config(app("a", "/a", "alpha")));
        assertThat(matching.statusCode()).as(matching.body()).isEqualTo(200);
    }

    @Test
    void aProxyLocationWithoutTheRunningProxyIsRejectedAndHeadOnlyIsThisOneNode() {
        var put = api.putYaml("proxy_location: Disabled\n" + config(app("a", "/a", "alpha")));

        assertThat(put.statusCode()).isEqualTo(400);
        JsonNode problems = AdminApiClient.json(put).get("problems");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).get("path").asText()).isEqualTo("proxy_location");
        assertThat(problems.get(0).get("line").asInt()).isEqualTo(1);
        assertThat(problems.get(0).get("message").asText()).contains("is Disabled", "proxy_location EveryNode",
                "--proxy-location Disabled");
        assertThat(api.applications().isEmpty()).isTrue();

        var headOnly = api.putYaml("proxy_location: HeadOnly\n" + config(app("a", "/a", "alpha")));
        assertThat(headOnly.statusCode()).as(headOnly.body()).isEqualTo(200);
    }

    @Test
    void deleteRemovesEveryApplication() {
        api.putYaml(config(app("a", "/a", "alpha"), app("b", "/b", "beta")));
        awaitRunning("a", "b");

        var delete = api.send("DELETE", "/api/serve/applications/", null, null);

        assertThat(delete.statusCode()).isEqualTo(200);
        assertThat(api.applications().isEmpty()).isTrue();
        assertThat(proxy.get("/a").statusCode()).isEqualTo(404);
    }

    @Test
    void schemaIsServed() {
        var response = api.get("/api/serve/schema");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AdminApiClient.json(response).get("$schema").asText()).contains("2020-12");
    }

    @Test
    void metricsAreServedAsPrometheusText() {
        var response = api.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void metricsIncludeTheTrellisCoreNodeRunningInTheJvm() {
        dev.trellis.core.Trellis.init(dev.trellis.core.TrellisOptions.builder().numCpus(1).build());
        try {
            var response = api.get("/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("trellis_core_tasks_submitted_total{node_id=\""
                    + dev.trellis.core.Trellis.nodeId() + "\"} 0.0", "trellis_serve_num_applications");
        } finally {
            dev.trellis.core.Trellis.shutdown();
        }
        assertThat(api.get("/metrics").body()).doesNotContain("trellis_core_");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        var unknown = api.get("/api/nothing");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(AdminApiClient.json(unknown).get("error").asText()).contains("/api/nothing");

        var wrong = api.send("POST", "/api/serve/applications/", "application/json", "{}");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");
    }

    @Test
    void unsupportedContentTypeIs415() {
        var put = api.send("PUT", "/api/serve/applications/", "application/x-www-form-urlencoded", "a=b");
        assertThat(put.statusCode()).isEqualTo(415);
        assertThat(AdminApiClient.json(put).get("error").asText()).contains("application/x-www-form-urlencoded");
    }

    @Test
    void tooLargeBodyIs413() {
        var put = api.putYaml("#" + "x".repeat(70 * 1024) + "\n");
        assertThat(put.statusCode()).isEqualTo(413);
        assertThat(AdminApiClient.json(put).get("error").asText()).contains("65536");
    }

    @Test
    void aClientStillSendingATooLargeBodyReadsThe413AndMayFinishSending() throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", admin.address().getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("PUT /api/serve/applications/ HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/yaml\r\nContent-Length: 2000000\r\n\r\n#")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // The whole body is sent before the answer is read, as HTTP clients do: the server must neither
            // reset the connection meanwhile (losing the 413) nor make the sending fail.
            byte[] piece = "x".repeat(50_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < 40; i++) {
                out.write(piece);
            }
            var in = socket.getInputStream();
            var answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (!answer.toString().contains("admin API's limit")) {
                int n = in.read(buffer);
                assertThat(n).as("the answer so far: %s", answer).isPositive();
                answer.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("application/json");
            assertThat(in.read()).as("the server ends its side after the answer").isEqualTo(-1);
        }
    }

    @Test
    void tooLargeBodyAnnouncedWithExpectContinueGetsTheJson413AtOnce() throws java.io.IOException {
        try (var socket = new java.net.Socket("127.0.0.1", admin.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("PUT /api/serve/applications/ HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/yaml\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buffer = new byte[4096];
            int n = socket.getInputStream().read(buffer);
            String answer = new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/json");
            if (!answer.contains("admin API's limit")) { // the body may arrive in a second read
                n = socket.getInputStream().read(buffer);
                answer += new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8);
            }
            assertThat(answer).contains("65536 bytes, the admin API's limit");
        }
    }

    @Test
    void stopRouteRunsTheStopAction() {
        var response = api.send("POST", "/api/trellis/stop", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stops).hasValue(1));
    }
}
