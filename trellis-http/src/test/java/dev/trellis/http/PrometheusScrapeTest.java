package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.serve.Serve;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The metrics through a real scraper: Debian's {@code prometheus} scrapes the admin API's
 * {@code /metrics} ({@link AdminServer}, as {@code trellis start} runs it) every second while HTTP traffic goes through the proxy, and its HTTP API
 * must show the target up and the series with the values the traffic implies. Skipped when
 * prometheus is not installed, unless {@code TRELLIS_REQUIRE_PROMETHEUS=1} ({@code .ci/run}
 * installs it and sets that), so CI cannot skip it silently.
 */
class PrometheusScrapeTest extends HttpServeTest {
    private static final Duration SCRAPED = Duration.ofSeconds(60);
    private static final String JOB = "trellis";

    private static Path prometheus() {
        Optional<Path> binary = PrometheusServer.binary();
        if ("1".equals(System.getenv("TRELLIS_REQUIRE_PROMETHEUS"))) {
            assertThat(binary).as("prometheus binary (TRELLIS_REQUIRE_PROMETHEUS=1)").isPresent();
        }
        assumeTrue(binary.isPresent(), "prometheus is not installed (apt-get install prometheus)");
        return binary.orElseThrow();
    }

    @Test
    void prometheusScrapesTheRequestCountsLatenciesGaugesAndControllerLoops() throws Exception {
        Path binary = prometheus();
        Serve.run(Serve.deployment(TestIngresses.Echo.class).bind(), "echo", "/echo");
        Serve.run(Serve.deployment(TestIngresses.Blocker.class).bind(), "blocker", "/block");
        TestIngresses.Blocker.reset();
        // The target is the admin API's /metrics, as `trellis start` serves it (here on a free port).
        try (var admin = AdminServer.builder().port(0).start();
             var server = PrometheusServer.start(binary, JOB, target(admin), "/metrics")) {
            scraped(server, () -> assertThat(upTargets(server)).as("targets: %s", server.targets())
                    .containsExactly(target(admin)));

            int sent = 7;
            for (int i = 0; i < sent; i++) {
                assertThat(get("/echo/items/" + i).statusCode()).isEqualTo(200);
            }
            CompletableFuture<HttpResponse<String>> held = sendAsync("/block", "held-request");
            eventually().until(() -> TestIngresses.Blocker.STARTED.contains("held-request"));

            scraped(server, () -> {
                assertThat(server.scalar("trellis_serve_num_http_requests_total{job=\"trellis\",route=\"/echo\","
                        + "application=\"echo\",method=\"GET\",status_code=\"200\"}")).contains((double) sent);
                assertThat(server.scalar("sum(trellis_serve_deployment_processing_latency_seconds_count"
                        + "{application=\"echo\"})")).contains((double) sent);
                assertThat(server.scalar("sum(trellis_serve_http_request_latency_seconds_bucket{route=\"/echo\","
                        + "le=\"+Inf\"})")).contains((double) sent);
                assertThat(server.scalar("trellis_serve_replica_processing_queries{application=\"blocker\"}"))
                        .contains(1.0);
                assertThat(server.scalar("trellis_serve_replica_processing_queries{application=\"echo\"}"))
                        .contains(0.0);
                assertThat(server.scalar("trellis_serve_controller_control_loop_duration_seconds_count"))
                        .hasValueSatisfying(loops -> assertThat(loops).isPositive());
            });

            TestIngresses.Blocker.release.countDown();
            assertThat(held.get().statusCode()).isEqualTo(200);
            scraped(server, () -> assertThat(server.scalar(
                    "trellis_serve_replica_processing_queries{application=\"blocker\"}")).contains(0.0));
        } finally {
            TestIngresses.Blocker.release.countDown();
        }
    }

    /** {@code 127.0.0.1:port} of the admin API, as a Prometheus target. */
    private static String target(AdminServer admin) {
        return "127.0.0.1:" + admin.address().getPort();
    }

    /** The addresses of this job's targets whose last scrape succeeded. */
    private static List<String> upTargets(PrometheusServer server) {
        var up = new ArrayList<String>();
        for (JsonNode t : server.targets().path("activeTargets")) {
            if (JOB.equals(t.path("labels").path("job").asText()) && "up".equals(t.path("health").asText())) {
                up.add(t.path("labels").path("instance").asText());
            }
        }
        return up;
    }

    /** Polls until {@code assertion} holds on what Prometheus scraped, at most {@link #SCRAPED}. */
    private static void scraped(PrometheusServer server, org.awaitility.core.ThrowingRunnable assertion) {
        try {
            Awaitility.await().atMost(SCRAPED).pollInterval(Duration.ofMillis(250)).untilAsserted(assertion);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nprometheus log:\n" + server.log(), e);
        }
    }
}
