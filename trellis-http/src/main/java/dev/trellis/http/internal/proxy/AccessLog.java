package dev.trellis.http.internal.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per answered request on logger {@code dev.trellis.http.access}: method, path,
 * status, latency in milliseconds and x-request-id, e.g.
 * {@code POST /iris 200 1.3 ms x-request-id=4f0c...}. A client that went away before its answer
 * is logged with status 499 (nginx's "client closed request"). Off with
 * {@code http_options.access_log: false}.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.trellis.http.access");
    static final int CLIENT_CLOSED = 499;

    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled;
    }

    void log(Exchange exchange, int status) {
        if (enabled && LOG.isInfoEnabled()) {
            double millis = Math.round((System.nanoTime() - exchange.startNanos()) / 100_000.0) / 10.0;
            LOG.info("{} {} {} {} ms x-request-id={}", exchange.method(), exchange.path(), status, millis,
                    exchange.requestId());
        }
    }
}
