package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.Serve;
import dev.trellis.serve.internal.metrics.PrometheusSamples;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proxy's HTTP metrics over loopback: counted by matched route prefix, method and status, never by raw path. */
class HttpMetricsTest extends HttpServeTest {
    private static final String REQUESTS = "trellis_serve_num_http_requests_total";
    private static final String ERRORS = "trellis_serve_num_http_error_requests_total";
    private static final String LATENCY_COUNT = "trellis_serve_http_request_latency_seconds_count";

    private static PrometheusSamples scrape() {
        return PrometheusSamples.parse(Serve.prometheusMetrics());
    }

    private static double value(String name, Map<String, String> labels) {
        return scrape().sum(name, labels).orElseThrow(() -> new AssertionError("no series " + name + labels));
    }

    @Test
    void requestsAreCountedByRoutePrefixMethodAndStatus() {
        Serve.run(Serve.deployment(TestIngresses.Echo.class).bind(), "echo", "/echo");
        for (int i = 0; i < 4; i++) {
            assertThat(get("/echo/item/" + i).statusCode()).isEqualTo(200);
        }
        assertThat(post("/echo", "{}").statusCode()).isEqualTo(200);

        var gets = Map.of("route", "/echo", "application", "echo", "method", "GET", "status_code", "200");
        eventually().untilAsserted(() -> assertThat(value(REQUESTS, gets)).isEqualTo(4));
        assertThat(value(LATENCY_COUNT, gets)).isEqualTo(4);
        assertThat(value(REQUESTS, Map.of("route", "/echo", "method", "POST", "status_code", "200"))).isEqualTo(1);
        assertThat(scrape().find(ERRORS, Map.of("route", "/echo"))).isEmpty();
        assertThat(scrape().samples()).noneMatch(s -> s.labels().getOrDefault("route", "").contains("/item"));
    }

    @Test
    void errorResponsesAreCountedByErrorCode() {
        Serve.run(Serve.deployment(TestIngresses.Failing.class).bind(), "failing", "/fail");
        for (int i = 0; i < 3; i++) {
            assertThat(get("/fail/x").statusCode()).isEqualTo(500);
        }

        var errors = Map.of("route", "/fail", "application", "failing", "method", "GET", "error_code", "500");
        eventually().untilAsserted(() -> assertThat(value(ERRORS, errors)).isEqualTo(3));
        assertThat(value(REQUESTS, Map.of("route", "/fail", "status_code", "500"))).isEqualTo(3);
    }

    @Test
    void aPathNoRouteMatchesIsCountedUnderOneFixedRouteTag() {
        Serve.run(Serve.deployment(TestIngresses.Echo.class).bind(), "echo", "/echo");
        assertThat(get("/nowhere/1").statusCode()).isEqualTo(404);
        assertThat(get("/elsewhere/2").statusCode()).isEqualTo(404);

        var unmatched = Map.of("route", "UNMATCHED", "method", "GET", "status_code", "404");
        eventually().untilAsserted(() -> assertThat(value(REQUESTS, unmatched)).isEqualTo(2));
        assertThat(value(ERRORS, Map.of("route", "UNMATCHED", "error_code", "404"))).isEqualTo(2);
    }

    @Test
    void builtInEndpointsAreCountedUnderTheirOwnPath() {
        assertThat(get("/-/healthz").statusCode()).isEqualTo(200);

        eventually().untilAsserted(() -> assertThat(value(REQUESTS,
                Map.of("route", "/-/healthz", "method", "GET", "status_code", "200"))).isEqualTo(1));
    }
}
