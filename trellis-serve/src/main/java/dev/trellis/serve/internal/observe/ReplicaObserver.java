package dev.trellis.serve.internal.observe;

import dev.trellis.serve.internal.messages.HandleRequest;
import dev.trellis.serve.internal.messages.ReplicaReply;
import io.opentelemetry.api.trace.Span;

/**
 * The observability of one replica's calls: each user call runs in a {@link CallScope} for its
 * request (the caller's request id, or a fresh one for a call made outside any request), with
 * the replica's log fields in the MDC and, when traced, a replica span that is current for the
 * call and ends with it, marked failed when the call's reply is a failure. The replica's other
 * user code (constructor, reconfigure, health check, close) runs with its log fields too.
 */
public final class ReplicaObserver {
    private final Tracing tracing;
    private final String application;
    private final String deployment;
    private final String replica;

    public ReplicaObserver(Tracing tracing, String application, String deployment, String replica) {
        this.tracing = tracing;
        this.application = application;
        this.deployment = deployment;
        this.replica = replica;
    }

    /** {@code body} run within the scope of {@code request}'s request. */
    public Runnable wrap(HandleRequest request, Runnable body) {
        return () -> {
            RequestContext in = request.context();
            RequestContext context = in != null && in.requestId() != null ? in
                    : new RequestContext(RequestIds.next(), in == null ? null : in.traceparent(),
                            in == null ? null : in.tracestate());
            Span span = tracing.startReplica(in, application, deployment, request.method().methodName(), replica,
                    context.requestId());
            try {
                new CallScope(context, tracing, span, application, deployment, replica, null).run(body);
            } finally {
                if (span != null) {
                    span.end();
                }
            }
        };
    }

    /**
     * {@code body} (construction, reconfigure, health check, close) run with the replica's log
     * fields but no request, so its lines carry the deployment's names and follow its log level.
     */
    public Runnable lifecycle(Runnable body) {
        return () -> {
            LogFields.put(null, application, deployment, replica, null);
            try {
                body.run();
            } finally {
                LogFields.clear();
            }
        };
    }

    /** Records a failed {@code reply} on the current call's span (when traced). Called on the call's thread. */
    public static void replied(ReplicaReply reply) {
        if (reply instanceof ReplicaReply.Failed failure) {
            CallScope scope = CallScope.current();
            if (scope != null && scope.span() != null) {
                Tracing.failed(scope.span(), failure.exceptionType(), failure.message());
            }
        }
    }
}
