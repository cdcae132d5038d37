package dev.trellis.http.internal.proxy;

import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.ScheduledFuture;

/**
 * One request on a connection, from its arrival to the moment its response is handed to the
 * channel (or the connection closes). The fields without {@code volatile} belong to the
 * connection's event loop; {@link #attach} and {@link #cancel} may race from any threads and
 * still cancel the downstream call exactly when both have happened (each writes its volatile
 * field before reading the other's).
 */
final class Exchange {
    private final long seq;
    private final String method;
    private final String path;
    private final String requestId;
    private final HttpVersion version;
    private final long startNanos;
    private boolean keepAlive;

    // event loop only
    private boolean answered;
    /** Where the response is counted: the matched route's meters (the unmatched ones until a route matches). */
    private HttpMetrics.RouteMeters meters;
    private ScheduledFuture<?> timeout;

    /** Set once when the request is routed to an application, before its call starts; null otherwise. */
    private volatile ProxyObservation observation;
    private volatile Runnable canceller;
    private volatile boolean cancelled;

    Exchange(long seq, String method, String path, String requestId, HttpVersion version, boolean keepAlive,
             long startNanos) {
        this.seq = seq;
        this.method = method;
        this.path = path;
        this.requestId = requestId;
        this.version = version;
        this.keepAlive = keepAlive;
        this.startNanos = startNanos;
    }

    long seq() {
        return seq;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    String requestId() {
        return requestId;
    }

    HttpVersion version() {
        return version;
    }

    long startNanos() {
        return startNanos;
    }

    ProxyObservation observation() {
        return observation;
    }

    void observation(ProxyObservation value) {
        observation = value;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** The connection is closed after this response (a malformed or oversized request). */
    void closeAfterResponse() {
        keepAlive = false;
    }

    /**
     * Marks the exchange answered; false if it already was (a late result after a timeout, a
     * cancellation after the result). Stops the timeout. Event loop only.
     */
    boolean markAnswered() {
        if (answered) {
            return false;
        }
        answered = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        return true;
    }

    HttpMetrics.RouteMeters meters() {
        return meters;
    }

    void meters(HttpMetrics.RouteMeters value) {
        meters = value;
    }

    boolean answered() {
        return answered;
    }

    void timeout(ScheduledFuture<?> value) {
        timeout = value;
    }

    /** Records how to cancel the downstream call; cancels it at once if the exchange already was. */
    void attach(Runnable cancelCall) {
        canceller = cancelCall;
        if (cancelled) {
            cancelCall.run();
        }
    }

    /** Cancels the downstream call, now or as soon as it is attached. Idempotent. */
    void cancel() {
        cancelled = true;
        Runnable c = canceller;
        if (c != null) {
            c.run();
        }
    }

    boolean cancelled() {
        return cancelled;
    }
}
