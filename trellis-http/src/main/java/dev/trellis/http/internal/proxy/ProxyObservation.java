package dev.trellis.http.internal.proxy;

import dev.trellis.http.Request;
import dev.trellis.serve.internal.observe.CallScope;
import dev.trellis.serve.internal.observe.RequestContext;
import dev.trellis.serve.internal.observe.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * What the proxy observes of one routed request: its {@link CallScope} (request id, application,
 * route; the ingress call is made in it, so the request id and trace go on to every hop) and,
 * when traced, its SERVER span, which continues the client's W3C trace and ends when the answer
 * is handed to the connection ({@link AccessLog#log}), with the status. A 5xx marks it ERROR.
 */
final class ProxyObservation {
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private final CallScope scope;
    private final Span span;
    private final String application;
    private final String route;

    private ProxyObservation(CallScope scope, Span span, String application, String route) {
        this.scope = scope;
        this.span = span;
        this.application = application;
        this.route = route;
    }

    static ProxyObservation start(Tracing tracing, Exchange ex, RouteTable.Route route, Request request) {
        Span span = tracing.startHttp(ex.method(), route.prefix(), ex.path(), route.applicationName(), ex.requestId(),
                request.headers());
        var scope = new CallScope(new RequestContext(ex.requestId(), null, null), tracing, span,
                route.applicationName(), null, null, route.prefix());
        return new ProxyObservation(scope, span, route.applicationName(), route.prefix());
    }

    /** Runs {@code body} (the call of the ingress) in the request's scope. */
    void run(Runnable body) {
        scope.run(body);
    }

    String application() {
        return application;
    }

    /** The route prefix the request matched. */
    String route() {
        return route;
    }

    /** Ends the span (if traced) with the answer's {@code status}. */
    void end(int status) {
        if (span == null) {
            return;
        }
        span.setAttribute(STATUS, (long) status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR, "HTTP " + status);
        }
        span.end();
    }
}
