package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.trellis.core.Resources;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.LoggingConfig;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Tracing and request logging through the real proxy on loopback: a client's W3C traceparent is
 * continued through the proxy and every handle hop of a three-deployment chain (one trace,
 * correctly parented spans), the client's x-request-id reaches the log lines of the last
 * deployment, and the access log carries the route and request id and can be turned off for
 * one application.
 */
class HttpObservabilityTest {
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final org.slf4j.Logger LOG = LoggerFactory.getLogger(HttpObservabilityTest.class);
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<ILoggingEvent> userLines = new CopyOnWriteArrayList<>();
    final List<ILoggingEvent> accessLines = new CopyOnWriteArrayList<>();
    final List<Logger> capturing = List.of((Logger) LoggerFactory.getLogger(HttpObservabilityTest.class),
            (Logger) LoggerFactory.getLogger("dev.trellis.http.access"));
    final List<Capture> captures = List.of(new Capture(userLines), new Capture(accessLines));

    public static final class Back {
        public String run(String in) {
            LOG.info("back {}", in);
            if (in.equals("fail")) {
                throw new IllegalStateException("back refused " + in);
            }
            return "back(" + in + ")";
        }
    }

    public static final class Middle {
        private final DeploymentHandle<Back> back;

        public Middle(DeploymentHandle<Back> back) {
            this.back = back;
        }

        public String run(String in) {
            return "middle(" + back.remote(Back::run, in).result() + ")";
        }
    }

    public static final class Front {
        private final DeploymentHandle<Middle> middle;

        public Front(DeploymentHandle<Middle> middle) {
            this.middle = middle;
        }

        public String call(Request request) {
            return "front(" + middle.remote(Middle::run, request.text()).result() + ")";
        }
    }

    /** Keeps the events of one logger, their MDC read at once (Logback reads it lazily otherwise). */
    static final class Capture extends AppenderBase<ILoggingEvent> {
        private final List<ILoggingEvent> into;

        Capture(List<ILoggingEvent> into) {
            this.into = into;
        }

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            into.add(event);
        }
    }

    @BeforeEach
    void start() {
        for (int i = 0; i < captures.size(); i++) {
            captures.get(i).setContext(capturing.get(i).getLoggerContext());
            captures.get(i).start();
            capturing.get(i).addAppender(captures.get(i));
        }
        Serve.start(ServeOptions.builder().serializeMessages(true).nodeResources(Resources.of(8, 0))
                .controlLoopInterval(Duration.ofMillis(50)).http(HttpOptions.builder().port(0).build())
                .openTelemetry(sdk).build());
    }

    @AfterEach
    void stop() {
        client.close();
        Serve.shutdown();
        sdk.close();
        for (int i = 0; i < captures.size(); i++) {
            capturing.get(i).detachAppender(captures.get(i));
        }
    }

    @Test
    void aClientsTraceIsContinuedThroughTheProxyAndEveryHopWithCorrectlyParentedSpans() {
        Serve.run(Serve.deployment(Front.class).bind(Serve.deployment(Middle.class).bind(Serve.deployment(Back.class)
                .bind())), "chain", "/chain");

        HttpResponse<String> response = post("/chain", "x", Map.of("traceparent", "00-" + TRACE_ID + "-"
                + CLIENT_SPAN_ID + "-01", "x-request-id", "client-req-1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("front(middle(back(x)))");
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(spans.getFinishedSpanItems()).hasSize(7));
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).extracting(SpanData::getTraceId).containsOnly(TRACE_ID);
        Map<String, SpanData> byName = finished.stream().collect(Collectors.toMap(SpanData::getName, Function.identity()));
        SpanData proxy = byName.get("POST /chain");
        assertThat(proxy.getParentSpanId()).isEqualTo(CLIENT_SPAN_ID);
        assertThat(proxy.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(proxy.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/chain");
        assertThat(proxy.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(byName.get("handle Front.call").getParentSpanId()).isEqualTo(proxy.getSpanId());
        assertParent(byName, "replica Front.call", "handle Front.call");
        assertParent(byName, "handle Middle.run", "replica Front.call");
        assertParent(byName, "replica Middle.run", "handle Middle.run");
        assertParent(byName, "handle Back.run", "replica Middle.run");
        assertParent(byName, "replica Back.run", "handle Back.run");
    }

    @Test
    void aFailureMarksTheSpansButTheClientGetsNoStackTrace() {
        Serve.run(Serve.deployment(Front.class).bind(Serve.deployment(Middle.class).bind(Serve.deployment(Back.class)
                .bind())), "chain", "/chain");

        HttpResponse<String> response = post("/chain", "fail", Map.of());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("back refused fail").doesNotContain("\tat ").doesNotContain(".java:");
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(spans.getFinishedSpanItems()).hasSize(7));
        Map<String, SpanData> byName = spans.getFinishedSpanItems().stream()
                .collect(Collectors.toMap(SpanData::getName, Function.identity()));
        assertThat(byName.get("POST /chain").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(byName.get("replica Back.run").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void theClientsRequestIdReachesTheLinesOfANestedDeploymentAndTheAccessLog() {
        Serve.run(Serve.deployment(Front.class).bind(Serve.deployment(Middle.class).bind(Serve.deployment(Back.class)
                .bind())), "chain", "/chain");

        post("/chain", "y", Map.of("x-request-id", "client-req-2"));

        ILoggingEvent back = userLines.stream().filter(e -> e.getFormattedMessage().equals("back y")).findFirst()
                .orElseThrow();
        assertThat(back.getMDCPropertyMap()).containsEntry("request_id", "client-req-2")
                .containsEntry("application", "chain").containsEntry("deployment", "Back");
        Awaitility.await().atMost(PATIENCE).until(() -> !accessLines.isEmpty());
        ILoggingEvent access = accessLines.getFirst();
        assertThat(access.getFormattedMessage()).startsWith("POST /chain 200 ").contains("route=/chain")
                .endsWith("x-request-id=client-req-2");
        assertThat(access.getMDCPropertyMap()).containsEntry("request_id", "client-req-2")
                .containsEntry("application", "chain").containsEntry("route", "/chain");
    }

    @Test
    void theAccessLogCanBeTurnedOffForOneApplication() {
        Serve.run(Serve.deployment(TestIngresses.Named.class)
                .options(o -> o.loggingConfig(LoggingConfig.builder().enableAccessLog(false).build()))
                .bind("quiet"), "quiet", "/quiet");
        Serve.run(Serve.deployment(TestIngresses.Named.class).bind("loud"), "loud", "/loud");

        assertThat(post("/quiet", "", Map.of()).statusCode()).isEqualTo(200);
        assertThat(post("/loud", "", Map.of()).statusCode()).isEqualTo(200);

        Awaitility.await().atMost(PATIENCE).until(() -> !accessLines.isEmpty());
        assertThat(accessLines).extracting(ILoggingEvent::getFormattedMessage).hasSize(1).first().asString()
                .startsWith("POST /loud 200");
    }

    private static void assertParent(Map<String, SpanData> byName, String child, String parent) {
        assertThat(byName.get(child)).as(child).isNotNull();
        assertThat(byName.get(child).getParentSpanId()).as("parent of " + child).isEqualTo(byName.get(parent).getSpanId());
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Serve.httpAddress().orElseThrow().getPort()
                + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
