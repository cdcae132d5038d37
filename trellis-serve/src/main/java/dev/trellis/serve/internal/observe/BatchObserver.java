package dev.trellis.serve.internal.observe;

import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The observability of one batch execution, which serves several requests at once: it runs in a
 * {@link CallScope} whose request id is the ids of its items joined with commas (so the batch's
 * log lines carry, as {@code request_id}, every request they served, and a grep for one id finds
 * them), with the names of the replica its first item came from, and, when traced, a
 * {@code batch} span, child of the first item's replica span and linked to every item's span.
 * Items made outside any call scope (unit tests of the batcher) run the batch as it is.
 */
public final class BatchObserver {
    private BatchObserver() {
    }

    /** The body of a batch, which may throw what the user's method throws. */
    @FunctionalInterface
    public interface BatchBody {
        void run() throws Throwable;
    }

    /**
     * Runs {@code body}, the batch of {@code items}, each of whose call scope {@code scopeOf} gives
     * (null when it had none). Throws what {@code body} throws.
     */
    public static <P> void run(String method, List<P> items, Function<P, CallScope> scopeOf, BatchBody body)
            throws Throwable {
        CallScope first = items.isEmpty() ? null : scopeOf.apply(items.getFirst());
        if (first == null) {
            body.run();
            return;
        }
        var ids = new StringBuilder();
        List<Span> spans = new ArrayList<>(items.size());
        for (P item : items) {
            CallScope scope = scopeOf.apply(item);
            if (scope != null) {
                ids.append(ids.isEmpty() ? "" : ",").append(scope.requestId());
                if (scope.span() != null) {
                    spans.add(scope.span());
                }
            }
        }
        Span span = first.tracing().startBatch(method, first.span(), spans);
        var context = new RequestContext(ids.toString(), null, null);
        Throwable[] thrown = new Throwable[1];
        try {
            new CallScope(context, first.tracing(), span, first.application(), first.deployment(), first.replica(),
                    null).run(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    thrown[0] = t;
                }
            });
        } finally {
            if (span != null) {
                if (thrown[0] != null) {
                    Tracing.failed(span, thrown[0]);
                }
                span.end();
            }
        }
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }
}
