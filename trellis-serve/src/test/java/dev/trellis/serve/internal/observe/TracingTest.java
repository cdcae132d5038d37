package dev.trellis.serve.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cheap path when tracing is off, and the W3C context a traced call passes on. */
class TracingTest {

    @Test
    void offStartsNoSpanAndPassesTheCurrentRequestContextOnAsTheSameObject() {
        var context = new RequestContext("req-1", null, null);
        var seen = new AtomicReference<RequestContext>();
        new CallScope(context, Tracing.OFF, null, "app", "Dep", "app#Dep#1", null).run(() -> {
            Span span = Tracing.OFF.startCall(Tracing.OFF.callerContext(), "app", "Dep", "m");
            assertThat(span).isNull();
            seen.set(Tracing.outgoing(CallScope.currentContext(), span));
        });
        assertThat(seen.get()).isSameAs(context);
        assertThat(Tracing.outgoing(CallScope.currentContext(), null)).as("outside any request").isNull();
        assertThat(Tracing.OFF.startHttp("GET", "/", "/", "app", "r", Map.of())).isNull();
    }

    @Test
    void aTracedCallCarriesTheRequestIdAndItsOwnSpanAsTheW3cParent() {
        var exporter = InMemorySpanExporter.create();
        try (var sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build()) {
            Tracing tracing = Tracing.of(sdk);
            var out = new AtomicReference<RequestContext>();
            var span = new AtomicReference<Span>();
            new CallScope(new RequestContext("req-2", null, null), tracing, null, "app", "Dep", "r", null).run(() -> {
                span.set(tracing.startCall(tracing.callerContext(), "app", "Dep", "m"));
                out.set(Tracing.outgoing(CallScope.currentContext(), span.get()));
            });
            var sc = span.get().getSpanContext();
            assertThat(out.get().requestId()).isEqualTo("req-2");
            assertThat(out.get().traceparent()).isEqualTo("00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-"
                    + sc.getTraceFlags().asHex());

            Span replica = tracing.startReplica(out.get(), "app", "Dep", "m", "r", "req-2");
            assertThat(replica.getSpanContext().getTraceId()).isEqualTo(sc.getTraceId());
            replica.end();
            assertThat(exporter.getFinishedSpanItems()).extracting(s -> s.getParentSpanId()).containsExactly(sc.getSpanId());
        }
    }

    @Test
    void aThreadWithTheRequestScopeButNotTheTraceContextStillContinuesTheRequestsSpan() {
        try (var sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().build()).build()) {
            Tracing tracing = Tracing.of(sdk);
            Span replica = sdk.getTracer("test").spanBuilder("replica").startSpan();
            var parent = new AtomicReference<Span>();
            new CallScope(new RequestContext("req-3", null, null), tracing, replica, "app", "Dep", "r", null).run(() -> {
                try (var ignored = Context.root().makeCurrent()) { // as on a fork: scope inherited, context not
                    parent.set(Span.fromContext(tracing.callerContext()));
                }
            });
            assertThat(parent.get().getSpanContext()).isEqualTo(replica.getSpanContext());
            assertThat(Span.fromContext(tracing.callerContext()).getSpanContext().isValid()).as("outside any scope")
                    .isFalse();
        }
    }
}
