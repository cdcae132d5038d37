package dev.trellis.http.internal.proxy;

import dev.trellis.serve.internal.metrics.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The proxy's meters, Ray Serve's HTTP metrics: requests, error responses and latency, tagged
 * {@code route} (the matched route prefix, never the raw path, so the number of series stays
 * bounded), {@code application}, {@code method} and the status code. A request no route matched
 * is tagged {@code route="UNMATCHED"}; a method outside the standard ones is {@code OTHER}.
 *
 * <p>Meters are resolved once per (route, method, status) and cached; recording a response is a
 * map lookup by the method (its string's hash is cached), an array read and a timer update
 * (plus a counter add for an error). Thread-safe.
 */
public final class HttpMetrics {
    public static final String REQUESTS = "trellis.serve.num.http.requests";
    public static final String ERRORS = "trellis.serve.num.http.error.requests";
    public static final String LATENCY = "trellis.serve.http.request.latency";
    /** The {@code route} tag of requests no route prefix matched. */
    public static final String UNMATCHED = "UNMATCHED";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");
    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 599;

    private final MeterRegistry registry;
    private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
    private final RouteMeters unmatched;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.unmatched = route(UNMATCHED, "");
    }

    /** The meters of requests no route matched. */
    RouteMeters unmatched() {
        return unmatched;
    }

    /** The meters of route prefix {@code prefix} (or a built-in path) serving {@code application} ("" for none). */
    RouteMeters route(String prefix, String application) {
        RouteMeters meters = routes.get(prefix);
        if (meters == null || !meters.application.equals(application)) {
            meters = routes.compute(prefix, (k, old) -> old != null && old.application.equals(application) ? old
                    : new RouteMeters(prefix, application));
        }
        return meters;
    }

    /** The meters of one route: a row of status codes per method, filled on first use. */
    final class RouteMeters {
        private final String prefix;
        private final String application;
        private final Map<String, AtomicReferenceArray<StatusMeters>> byMethod = new ConcurrentHashMap<>();

        private RouteMeters(String prefix, String application) {
            this.prefix = prefix;
            this.application = application;
        }

        /** Records one response: {@code status} after {@code nanos}. Any thread. */
        void record(String method, int status, long nanos) {
            String m = METHODS.contains(method) ? method : "OTHER";
            var row = byMethod.computeIfAbsent(m, k -> new AtomicReferenceArray<>(MAX_STATUS - MIN_STATUS + 1));
            int code = Math.clamp(status, MIN_STATUS, MAX_STATUS);
            StatusMeters meters = row.get(code - MIN_STATUS);
            if (meters == null) {
                meters = new StatusMeters(prefix, application, m, code);
                if (!row.compareAndSet(code - MIN_STATUS, null, meters)) {
                    meters = row.get(code - MIN_STATUS);
                }
            }
            meters.record(nanos);
        }
    }

    private final class StatusMeters {
        private final Counter errors;
        private final Timer latency;

        StatusMeters(String route, String application, String method, int status) {
            String code = Integer.toString(status);
            Tags tags = Tags.of("route", route, "application", application, "method", method);
            this.latency = LatencyBuckets.timer(LATENCY).tags(tags).tag("status_code", code)
                    .description("Time from a request's arrival at the proxy until its response was handed to the"
                            + " connection (its last chunk, when streamed)")
                    .register(registry);
            // The timer counts the requests anyway: the counter reads its count instead of a second add.
            FunctionCounter.builder(REQUESTS, latency, Timer::count).tags(tags).tag("status_code", code)
                    .description("HTTP requests the proxy answered").register(registry);
            this.errors = status >= 400 ? Counter.builder(ERRORS).tags(tags).tag("error_code", code)
                    .description("HTTP requests the proxy answered with a status >= 400").register(registry) : null;
        }

        void record(long nanos) {
            latency.record(nanos, TimeUnit.NANOSECONDS);
            if (errors != null) {
                errors.increment();
            }
        }
    }
}
