package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Application;
import dev.trellis.serve.Batch;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.LoggingConfig;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import dev.trellis.serve.UserCodeException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracing and request-scoped logging end to end. One request through a three-deployment chain (Front -> Middle -> Back, handles injected):
 * every hop continues the caller's trace with correctly parented spans, failures are recorded
 * on the spans, and every line user code logs carries the request's id and its own
 * deployment's names; a deployment's log_level applies to its lines only, and changes in place;
 * a batch is traced and logged as the work of all the requests in it.
 */
class RequestObservabilityTest extends ServeIntegrationTest {
    static final Logger LOG = LoggerFactory.getLogger(RequestObservabilityTest.class);

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();

    public static final class Back {
        public Back() {
            LOG.info("back constructed");
        }

        public String run(String in) {
            LOG.info("back {}", in);
            LOG.debug("back debug");
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
            LOG.info("middle {}", in);
            LOG.debug("middle debug");
            return "middle(" + back.remote(Back::run, in).result() + ")";
        }
    }

    public static final class Front {
        private final DeploymentHandle<Middle> middle;

        public Front(DeploymentHandle<Middle> middle) {
            this.middle = middle;
        }

        public String run(String in) {
            LOG.info("front {}", in);
            return "front(" + middle.remote(Middle::run, in).result() + ")";
        }
    }

    public static final class Pairs {
        @Batch(maxBatchSize = 2, batchWaitTimeoutMillis = 60_000)
        public List<String> label(List<String> xs) {
            LOG.info("batch of {}", xs.size());
            return xs.stream().map(x -> "label-" + x).toList();
        }
    }

    @Override
    ServeOptions.Builder options() {
        return super.options().openTelemetry(sdk);
    }

    @AfterEach
    void closeSdk() {
        sdk.close();
    }

    static Application<Front> chain(LoggingConfig middleLogging, LoggingConfig backLogging) {
        return Serve.deployment(Front.class).bind(
                Serve.deployment(Middle.class).options(o -> o.loggingConfig(middleLogging)).bind(
                        Serve.deployment(Back.class).options(o -> o.loggingConfig(backLogging)).bind()));
    }

    @Test
    void everyHopOfANestedCallContinuesTheCallersTraceWithCorrectlyParentedSpans() {
        DeploymentHandle<Front> front = Serve.run(chain(null, null));
        Span client = sdk.getTracer("test").spanBuilder("client").startSpan();
        try (Scope ignored = client.makeCurrent()) {
            assertThat(front.remote(Front::run, "x").result(PATIENCE)).isEqualTo("front(middle(back(x)))");
        } finally {
            client.end();
        }

        eventually(() -> assertThat(spans.getFinishedSpanItems()).hasSize(7));
        Map<String, SpanData> byName = byName(spans.getFinishedSpanItems());
        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getTraceId).containsOnly(client.getSpanContext().getTraceId());
        assertParent(byName, "handle Front.run", "client", SpanKind.CLIENT);
        assertParent(byName, "replica Front.run", "handle Front.run", SpanKind.SERVER);
        assertParent(byName, "handle Middle.run", "replica Front.run", SpanKind.CLIENT);
        assertParent(byName, "replica Middle.run", "handle Middle.run", SpanKind.SERVER);
        assertParent(byName, "handle Back.run", "replica Middle.run", SpanKind.CLIENT);
        assertParent(byName, "replica Back.run", "handle Back.run", SpanKind.SERVER);
        assertThat(byName.get("replica Back.run").getAttributes().asMap().values()).contains("Back");
    }

    @Test
    void aFailureDeepInTheChainMarksTheSpansOfEveryHopItPassesThrough() {
        DeploymentHandle<Front> front = Serve.run(chain(null, null));

        assertThatThrownBy(() -> front.remote(Front::run, "fail").result(PATIENCE))
                .isInstanceOf(UserCodeException.class).hasMessageContaining("back refused fail");

        eventually(() -> assertThat(spans.getFinishedSpanItems()).hasSize(6));
        Map<String, SpanData> byName = byName(spans.getFinishedSpanItems());
        for (String name : List.of("replica Back.run", "handle Back.run", "replica Middle.run", "handle Front.run")) {
            assertThat(byName.get(name).getStatus().getStatusCode()).as(name).isEqualTo(StatusCode.ERROR);
        }
        assertThat(byName.get("replica Back.run").getEvents()).extracting(e -> e.getName()).contains("exception");
        assertThat(byName.get("replica Back.run").getStatus().getDescription()).contains("back refused fail");
    }

    @Test
    void linesLoggedInNestedCallsCarryTheRequestIdAndTheirOwnDeploymentsNames() {
        DeploymentHandle<Front> front = Serve.run(chain(null, null));
        try (var logs = new CapturedLogs(RequestObservabilityTest.class)) {
            front.remote(Front::run, "y").result(PATIENCE);

            CapturedLogs.Line frontLine = logs.startingWith("front y").getFirst();
            CapturedLogs.Line middleLine = logs.startingWith("middle y").getFirst();
            CapturedLogs.Line backLine = logs.startingWith("back y").getFirst();
            String requestId = frontLine.field("request_id");
            assertThat(requestId).isNotBlank();
            assertThat(List.of(middleLine, backLine)).extracting(l -> l.field("request_id")).containsOnly(requestId);
            assertThat(List.of(frontLine, middleLine, backLine)).extracting(l -> l.field("deployment"))
                    .containsExactly("Front", "Middle", "Back");
            assertThat(backLine.field("application")).isEqualTo("default");
            assertThat(backLine.field("replica")).contains("Back");
        }
    }

    @Test
    void linesOfAReplicasConstructorCarryItsNamesButNoRequestId() {
        try (var logs = new CapturedLogs(RequestObservabilityTest.class)) {
            Serve.run(chain(null, null));

            CapturedLogs.Line constructed = logs.startingWith("back constructed").getFirst();
            assertThat(constructed.field("deployment")).isEqualTo("Back");
            assertThat(constructed.field("replica")).contains("Back");
            assertThat(constructed.fields()).doesNotContainKey("request_id");
        }
    }

    @Test
    void aDeploymentsLogLevelAppliesToItsLinesOnlyAndChangesWithoutRestartingReplicas() {
        DeploymentHandle<Front> front = Serve.run(chain(null, LoggingConfig.builder().logLevel("DEBUG").build()));
        try (var logs = new CapturedLogs(RequestObservabilityTest.class)) {
            front.remote(Front::run, "a").result(PATIENCE);
            assertThat(logs.startingWith("back debug")).hasSize(1);
            assertThat(logs.startingWith("middle debug")).isEmpty();
            String middleReplica = logs.startingWith("middle a").getFirst().field("replica");

            front = Serve.run(chain(LoggingConfig.builder().logLevel("DEBUG").build(),
                    LoggingConfig.builder().logLevel("WARNING").build()));
            front.remote(Front::run, "b").result(PATIENCE);

            assertThat(logs.startingWith("middle debug")).hasSize(1);
            assertThat(logs.startingWith("back debug")).hasSize(1);
            assertThat(logs.startingWith("back b")).as("INFO is below Back's new level WARNING").isEmpty();
            assertThat(logs.startingWith("middle b").getFirst().field("replica")).as("the same replica, not a new one")
                    .isEqualTo(middleReplica);
        }
    }

    @Test
    void aBatchRunsInASpanLinkedToEveryCallInItAndLogsTheirRequestIds() throws Exception {
        DeploymentHandle<Pairs> pairs = Serve.run(Serve.deployment(Pairs.class).bind());
        try (var logs = new CapturedLogs(RequestObservabilityTest.class)) {
            try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
                var first = callers.submit(() -> callInSpan("c1", pairs));
                var second = callers.submit(() -> callInSpan("c2", pairs));
                assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder("label-c1", "label-c2");
            }

            eventually(() -> assertThat(spans.getFinishedSpanItems()).hasSize(7));
            List<SpanData> finished = spans.getFinishedSpanItems();
            List<SpanData> replicaSpans = finished.stream().filter(s -> s.getName().equals("replica Pairs.label")).toList();
            SpanData batch = finished.stream().filter(s -> s.getName().equals("batch Pairs.label")).findFirst().orElseThrow();
            assertThat(replicaSpans).hasSize(2);
            assertThat(replicaSpans).extracting(SpanData::getSpanId).contains(batch.getParentSpanId());
            assertThat(batch.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
                    .containsExactlyInAnyOrderElementsOf(replicaSpans.stream().map(SpanData::getSpanId).toList());
            List<String> requestIds = replicaSpans.stream()
                    .map(s -> s.getAttributes().get(AttributeKey.stringKey("trellis.request_id"))).toList();
            String batchIds = logs.startingWith("batch of 2").getFirst().field("request_id");
            assertThat(batchIds.split(",")).containsExactlyInAnyOrderElementsOf(requestIds);
        }
    }

    private String callInSpan(String name, DeploymentHandle<Pairs> pairs) {
        Span span = sdk.getTracer("test").spanBuilder(name).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return pairs.remoteBatched(Pairs::label, name).result(PATIENCE);
        } finally {
            span.end();
        }
    }

    private static Map<String, SpanData> byName(List<SpanData> finished) {
        return finished.stream().collect(Collectors.toMap(SpanData::getName, Function.identity()));
    }

    private static void assertParent(Map<String, SpanData> byName, String child, String parent, SpanKind kind) {
        SpanData c = byName.get(child);
        assertThat(c).as(child).isNotNull();
        assertThat(c.getParentSpanId()).as("parent of " + child).isEqualTo(byName.get(parent).getSpanId());
        assertThat(c.getKind()).as(child).isEqualTo(kind);
    }
}
