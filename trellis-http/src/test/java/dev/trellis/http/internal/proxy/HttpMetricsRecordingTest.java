package dev.trellis.http.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link HttpMetrics} without a server: which meters a response lands in, and that they are made once. */
class HttpMetricsRecordingTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpMetrics metrics = new HttpMetrics(registry);

    private double requests(String route, String method, String status) {
        var counter = registry.find(HttpMetrics.REQUESTS).tag("route", route).tag("method", method)
                .tag("status_code", status).functionCounter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aResponseIsCountedWithItsLatencyUnderItsRouteMethodAndStatus() {
        var route = metrics.route("/iris", "iris");
        route.record("POST", 200, TimeUnit.MILLISECONDS.toNanos(3));
        route.record("POST", 200, TimeUnit.MILLISECONDS.toNanos(5));

        assertThat(requests("/iris", "POST", "200")).isEqualTo(2);
        var timer = registry.find(HttpMetrics.LATENCY).tag("route", "/iris").tag("application", "iris").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8);
    }

    @Test
    void onlyStatusesFromFourHundredAreErrors() {
        var route = metrics.route("/iris", "iris");
        route.record("GET", 204, 1);
        route.record("GET", 399, 1);
        route.record("GET", 400, 1);
        route.record("GET", 503, 1);

        assertThat(registry.find(HttpMetrics.ERRORS).counters()).hasSize(2)
                .allSatisfy(c -> assertThat(c.count()).isEqualTo(1))
                .extracting(c -> c.getId().getTag("error_code")).containsExactlyInAnyOrder("400", "503");
    }

    @Test
    void methodsOutsideTheStandardOnesShareOneTagValue() {
        var route = metrics.route("/iris", "iris");
        route.record("BREW", 405, 1);
        route.record("PROPFIND", 405, 1);

        assertThat(requests("/iris", "OTHER", "405")).isEqualTo(2);
    }

    @Test
    void theMetersOfARouteAreMadeOnceAndReused() {
        var route = metrics.route("/iris", "iris");
        route.record("GET", 200, 1);
        int meters = registry.getMeters().size();
        for (int i = 0; i < 100; i++) {
            metrics.route("/iris", "iris").record("GET", 200, 1);
        }

        assertThat(metrics.route("/iris", "iris")).isSameAs(route);
        assertThat(registry.getMeters()).hasSize(meters);
        assertThat(requests("/iris", "GET", "200")).isEqualTo(101);
    }

    @Test
    void aPrefixTakenOverByAnotherApplicationGetsMetersOfItsOwn() {
        metrics.route("/", "old").record("GET", 200, 1);
        metrics.route("/", "new").record("GET", 200, 1);

        assertThat(registry.find(HttpMetrics.REQUESTS).tag("application", "new").functionCounter().count()).isEqualTo(1);
        assertThat(registry.find(HttpMetrics.REQUESTS).tag("application", "old").functionCounter().count()).isEqualTo(1);
    }

    @Test
    void unmatchedRequestsHaveTheFixedRouteTag() {
        metrics.unmatched().record("GET", 404, 1);

        assertThat(requests(HttpMetrics.UNMATCHED, "GET", "404")).isEqualTo(1);
    }
}
