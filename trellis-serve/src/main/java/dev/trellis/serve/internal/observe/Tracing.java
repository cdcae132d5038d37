package dev.trellis.serve.internal.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One runtime's tracing: the spans of a request's path (proxy, each handle call, each replica
 * call, each batch) and the W3C trace context they pass on in {@link RequestContext}. Off
 * ({@link #OFF}, the default) unless the runtime is given an {@link OpenTelemetry}: then every
 * method here is a null check and passes the request context on unchanged.
 *
 * <p>Span names: {@code "<METHOD> <route>"} (SERVER, proxy), {@code "handle <Deployment>.<method>"}
 * (CLIENT, the caller's side of a handle call), {@code "replica <Deployment>.<method>"} (SERVER,
 * the call on the replica; current while user code runs, so nested calls are its children) and
 * {@code "batch <Class>.<method>"} (INTERNAL, one batch execution; child of its first item's
 * replica span, with a link to every item's span). Failures set status ERROR and add an
 * {@code exception} event; nothing of it reaches HTTP clients.
 */
public final class Tracing {
    public static final Tracing OFF = new Tracing(null);

    static final AttributeKey<String> APPLICATION = AttributeKey.stringKey("trellis.application");
    static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("trellis.deployment");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("trellis.method");
    static final AttributeKey<String> REPLICA = AttributeKey.stringKey("trellis.replica");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("trellis.request_id");
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("trellis.batch_size");
    private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private final Tracer tracer;

    private Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Tracing through {@code openTelemetry}, or {@link #OFF} when it is null. */
    public static Tracing of(OpenTelemetry openTelemetry) {
        return openTelemetry == null ? OFF : new Tracing(openTelemetry.getTracer("dev.trellis.serve"));
    }

    public boolean enabled() {
        return tracer != null;
    }

    /**
     * The trace context a call made now on this thread continues, or null when not traced (no
     * lookup then): the current span, else the span of the request scope this thread works in (a
     * thread that inherited the scope, such as a {@code StructuredTaskScope} fork, but not the
     * OpenTelemetry context, which is thread-local), else none (a new trace).
     */
    public Context callerContext() {
        if (tracer == null) {
            return null;
        }
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            CallScope scope = CallScope.current();
            if (scope != null && scope.span() != null) {
                return current.with(scope.span());
            }
        }
        return current;
    }

    /**
     * The CLIENT span of a handle call, child of {@code parent} (from {@link #callerContext} on the
     * caller's thread), or null when not traced. It ends with {@link #endWith}.
     */
    public Span startCall(Context parent, String application, String deployment, String method) {
        if (tracer == null) {
            return null;
        }
        return tracer.spanBuilder("handle " + deployment + "." + method).setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setAttribute(APPLICATION, application).setAttribute(DEPLOYMENT, deployment)
                .setAttribute(METHOD, method).startSpan();
    }

    /**
     * The context a handle call carries: the request of the caller's scope ({@code base}, from
     * {@link CallScope#currentContext}; null outside any request) and, when {@code span} is not
     * null, that span as the trace parent. Without a span this is {@code base} itself: no allocation.
     */
    public static RequestContext outgoing(RequestContext base, Span span) {
        if (span == null) {
            return base;
        }
        var carrier = new String[2];
        W3C.inject(Context.root().with(span), carrier, (c, key, value) -> {
            if (key.equals(TRACEPARENT)) {
                c[0] = value;
            } else if (key.equals(TRACESTATE)) {
                c[1] = value;
            }
        });
        return new RequestContext(base == null ? null : base.requestId(), carrier[0], carrier[1]);
    }

    /** Ends {@code span} (if not null) when {@code done} completes, marked failed if it fails. */
    public static void endWith(Span span, CompletableFuture<?> done) {
        if (span == null) {
            return;
        }
        done.whenComplete((value, failure) -> {
            if (failure != null) {
                failed(span, failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
            }
            span.end();
        });
    }

    /** The SERVER span of one call on a replica, child of the caller's span; null when not traced. */
    Span startReplica(RequestContext in, String application, String deployment, String method, String replica,
                      String requestId) {
        if (tracer == null) {
            return null;
        }
        Context parent = in == null || in.traceparent() == null ? Context.root()
                : W3C.extract(Context.root(), in, RequestContextGetter.INSTANCE);
        return tracer.spanBuilder("replica " + deployment + "." + method).setSpanKind(SpanKind.SERVER)
                .setParent(parent).setAttribute(APPLICATION, application).setAttribute(DEPLOYMENT, deployment)
                .setAttribute(METHOD, method).setAttribute(REPLICA, replica).setAttribute(REQUEST_ID, requestId)
                .startSpan();
    }

    /**
     * The SERVER span of one HTTP request, continuing the client's trace when its headers
     * (lower-case names) carry a W3C {@code traceparent}; null when not traced.
     */
    public Span startHttp(String method, String route, String path, String application, String requestId,
                          Map<String, List<String>> headers) {
        if (tracer == null) {
            return null;
        }
        Context parent = W3C.extract(Context.root(), headers, HeaderGetter.INSTANCE);
        return tracer.spanBuilder(method + " " + route).setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAttribute("http.request.method", method).setAttribute("http.route", route)
                .setAttribute("url.path", path).setAttribute(APPLICATION, application)
                .setAttribute(REQUEST_ID, requestId).startSpan();
    }

    /** An INTERNAL span for one batch, child of {@code parent}, linked to every item's span; null when not traced. */
    Span startBatch(String method, Span parent, List<Span> items) {
        if (tracer == null) {
            return null;
        }
        SpanBuilder builder = tracer.spanBuilder("batch " + method).setSpanKind(SpanKind.INTERNAL)
                .setParent(parent == null ? Context.root() : Context.root().with(parent))
                .setAttribute(BATCH_SIZE, (long) items.size());
        for (Span item : items) {
            builder.addLink(item.getSpanContext());
        }
        return builder.startSpan();
    }

    /** Marks {@code span} failed with {@code failure} (status ERROR and an exception event). */
    public static void failed(Span span, Throwable failure) {
        span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        span.recordException(failure);
    }

    /** Marks {@code span} failed with a failure known by type and message only (one reported by a replica). */
    static void failed(Span span, String type, String message) {
        span.setStatus(StatusCode.ERROR, message == null ? type : message);
        span.addEvent("exception", Attributes.of(EXCEPTION_TYPE, type, EXCEPTION_MESSAGE, String.valueOf(message)));
    }

    private enum RequestContextGetter implements TextMapGetter<RequestContext> {
        INSTANCE;

        @Override
        public Iterable<String> keys(RequestContext carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(RequestContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return switch (key) {
                case TRACEPARENT -> carrier.traceparent();
                case TRACESTATE -> carrier.tracestate();
                default -> null;
            };
        }
    }

    private enum HeaderGetter implements TextMapGetter<Map<String, List<String>>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, List<String>> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, List<String>> carrier, String key) {
            List<String> values = carrier == null ? null : carrier.get(key);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }
}
