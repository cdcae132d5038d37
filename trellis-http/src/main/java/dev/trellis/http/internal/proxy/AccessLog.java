package dev.trellis.http.internal.proxy;

import dev.trellis.serve.internal.logging.LoggingRegistry;
import dev.trellis.serve.internal.observe.LogFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of every answered request: ends its span (when traced) and writes one INFO line on
 * logger {@code dev.trellis.http.access}: method, path, status, latency in milliseconds, the
 * route prefix it matched and its x-request-id, e.g.
 * {@code POST /iris/predict 200 1.3 ms route=/iris x-request-id=4f0c...}, with the request's
 * log fields ({@code request_id}, {@code application}, {@code route}) in the MDC. A client that
 * went away before its answer is logged with status 499 (nginx's "client closed request"). Off
 * for the whole proxy with {@code http_options.access_log: false}, and for one application with
 * {@code logging_config.enable_access_log: false} on its ingress deployment.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.trellis.http.access");
    static final int CLIENT_CLOSED = 499;

    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled;
    }

    void log(Exchange exchange, int status) {
        ProxyObservation routed = exchange.observation();
        if (routed != null) {
            routed.end(status);
        }
        if (!enabled || !LOG.isInfoEnabled() || (routed != null && !LoggingRegistry.accessLogEnabled(routed.application()))) {
            return;
        }
        double millis = Math.round((System.nanoTime() - exchange.startNanos()) / 100_000.0) / 10.0;
        String route = routed == null ? "-" : routed.route();
        LogFields.put(exchange.requestId(), routed == null ? null : routed.application(), null, null,
                routed == null ? null : route);
        try {
            LOG.info("{} {} {} {} ms route={} x-request-id={}", exchange.method(), exchange.path(), status, millis,
                    route, exchange.requestId());
        } finally {
            LogFields.clear();
        }
    }
}
