package dev.trellis.serve.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.HttpOptions;
import java.time.Duration;
import java.util.List;

/**
 * Reads the top-level {@code http_options} mapping (Ray Serve's key) into {@link HttpOptions}:
 *
 * <pre>
 * http_options:
 *   host: 127.0.0.1              # default 127.0.0.1 (loopback only)
 *   port: 8000                   # default 8000; 0 picks a free port
 *   request_timeout_s: 30        # seconds, fractions allowed; default null (no timeout)
 *   max_request_body_bytes: 10485760   # default 10 MiB; larger bodies get 413
 *   back_pressure_status: 503    # 503 (default) or 429
 *   retry_after_s: 1             # Retry-After sent with 429, whole seconds (rounded up)
 *   access_log: true             # one line per request on logger dev.trellis.http.access
 * </pre>
 *
 * Values are checked by {@link HttpOptions.Builder} itself, so a file never holds a value the
 * builder would refuse; every problem is recorded in {@link ConfigNodes}, none thrown.
 */
final class HttpOptionsReader {
    static final List<String> KEYS = List.of("host", "port", "request_timeout_s", "max_request_body_bytes",
            "back_pressure_status", "retry_after_s", "access_log");

    private HttpOptionsReader() {
    }

    /** The options {@code node} sets on top of the defaults; the defaults when it is absent or null. */
    static HttpOptions read(JsonNode node, KeyPath path, ConfigNodes nodes) {
        HttpOptions.Builder builder = HttpOptions.builder();
        if (node == null || node.isNull()) {
            return builder.build();
        }
        ObjectNode o = nodes.mapping(node, path, KEYS);
        if (o == null) {
            return builder.build();
        }
        String host = nodes.string(o, path, "host", false);
        set(path.key("host"), host, () -> builder.host(host), nodes);
        Integer port = nodes.integer(o, path, "port");
        set(path.key("port"), port, () -> builder.port(port), nodes);
        Duration timeout = nodes.seconds(o, path, "request_timeout_s");
        set(path.key("request_timeout_s"), timeout, () -> builder.requestTimeout(timeout), nodes);
        Long maxBody = longInteger(o, path, "max_request_body_bytes", nodes);
        set(path.key("max_request_body_bytes"), maxBody, () -> builder.maxRequestBodyBytes(maxBody), nodes);
        Integer status = nodes.integer(o, path, "back_pressure_status");
        set(path.key("back_pressure_status"), status, () -> builder.backPressureStatus(status), nodes);
        Duration retryAfter = nodes.seconds(o, path, "retry_after_s");
        set(path.key("retry_after_s"), retryAfter, () -> builder.retryAfter(retryAfter), nodes);
        JsonNode accessLog = o.get("access_log");
        if (accessLog != null && !accessLog.isNull()) {
            if (accessLog.isBoolean()) {
                builder.accessLog(accessLog.booleanValue());
            } else {
                nodes.problem(path.key("access_log"), "must be true or false, was " + ConfigNodes.show(accessLog));
            }
        }
        return builder.build();
    }

    private static void set(KeyPath path, Object value, Runnable setter, ConfigNodes nodes) {
        if (value == null) {
            return;
        }
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            nodes.problem(path, e.getMessage());
        }
    }

    private static Long longInteger(ObjectNode o, KeyPath path, String key, ConfigNodes nodes) {
        JsonNode node = o.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            nodes.problem(path.key(key), "must be an integer, was " + ConfigNodes.show(node));
            return null;
        }
        return node.longValue();
    }
}
