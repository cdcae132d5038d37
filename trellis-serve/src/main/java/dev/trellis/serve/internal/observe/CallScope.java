package dev.trellis.serve.internal.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * The request a thread is working for: bound with a {@link ScopedValue} around every user call
 * on a replica, every batch, and the proxy's call of an ingress, so that handle calls made
 * there carry the request on ({@link Tracing#outgoing}). While the scope runs, its
 * {@link LogFields} are in the MDC and its span (if traced) is the current OpenTelemetry span.
 *
 * <p>Threads the user code starts itself do not see the scope (as for {@code Multiplexing});
 * {@code StructuredTaskScope} forks do, as scoped values are inherited there.
 */
public final class CallScope {
    private static final ScopedValue<CallScope> CURRENT = ScopedValue.newInstance();

    private final RequestContext context;
    private final Tracing tracing;
    private final Span span;
    private final String application;
    private final String deployment;
    private final String replica;
    private final String route;
    /** The thread whose MDC holds this scope's fields when they are filled on demand, else null. */
    private volatile Thread fieldsOn;

    /**
     * @param context the request (its id is never null here)
     * @param span    this hop's span, or null when not traced
     */
    public CallScope(RequestContext context, Tracing tracing, Span span, String application, String deployment,
                     String replica, String route) {
        this.context = context;
        this.tracing = tracing;
        this.span = span;
        this.application = application;
        this.deployment = deployment;
        this.replica = replica;
        this.route = route;
    }

    /** The scope of the request this thread works for, or null outside any. */
    public static CallScope current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** The request of the scope this thread works in, or null outside any. */
    public static RequestContext currentContext() {
        return CURRENT.isBound() ? CURRENT.get().context : null;
    }

    /**
     * Runs {@code body} within this scope: bound, with its span current and its log fields in
     * the MDC, put now or, when {@link LogFields#filledOnDemand()}, by {@link #fillLogFields} just
     * before the first line logged in it on each thread; either way they are gone afterwards.
     */
    public void run(Runnable body) {
        boolean eager = !LogFields.filledOnDemand();
        CallScope outer = current();
        if (eager) {
            putLogFields();
        }
        try (Scope ignored = span == null ? null : span.makeCurrent()) {
            ScopedValue.where(CURRENT, this).run(body);
        } finally {
            Thread self = Thread.currentThread();
            if (eager || fieldsOn == self) {
                LogFields.clear();
                fieldsOn = null;
                if (outer != null && outer.fieldsOn == self) {
                    outer.fieldsOn = null; // the outer scope's fields were replaced: filled again on demand
                }
            }
        }
    }

    /** Puts this scope's log fields in the calling thread's MDC unless they are there already. */
    public void fillLogFields() {
        Thread self = Thread.currentThread();
        if (fieldsOn != self) {
            putLogFields();
            fieldsOn = self;
        }
    }

    private void putLogFields() {
        LogFields.put(context.requestId(), application, deployment, replica, route);
    }

    public RequestContext context() {
        return context;
    }

    public String requestId() {
        return context.requestId();
    }

    public Tracing tracing() {
        return tracing;
    }

    /** This hop's span, or null when not traced. */
    public Span span() {
        return span;
    }

    public String application() {
        return application;
    }

    public String deployment() {
        return deployment;
    }

    public String replica() {
        return replica;
    }
}
