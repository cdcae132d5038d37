package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.sun.net.httpserver.HttpServer;
import dev.trellis.serve.LoggingConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** serve run's log encoding and OTLP export settings, from flags and the standard environment. */
class ObservabilityOptionsTest {

    @Test
    void tracingIsOffWithoutAnEndpointAndWhenTheExporterIsNone() {
        var options = new ObservabilityOptions();
        assertThat(options.tracesEndpoint(Map.of())).isNull();
        assertThat(options.openTelemetry(Map.of())).isNull();
        assertThat(options.tracesEndpoint(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_TRACES_EXPORTER", "none"))).isNull();
    }

    @Test
    void theEndpointComesFromTheFlagThenTheEnvironmentWithTheTracesPathAdded() {
        var options = new ObservabilityOptions();
        assertThat(options.tracesEndpoint(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/")))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(options.tracesEndpoint(Map.of("OTEL_TRACES_EXPORTER", "otlp")))
                .isEqualTo("http://localhost:4318/v1/traces");
        options.otlpEndpoint = "http://127.0.0.1:9999/v1/traces";
        assertThat(options.tracesEndpoint(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")))
                .isEqualTo("http://127.0.0.1:9999/v1/traces");
        options.otlpEndpoint = "collector:4318";
        assertThatIllegalArgumentException().isThrownBy(() -> options.tracesEndpoint(Map.of()))
                .withMessage("--otlp-endpoint must be an http:// or https:// URL, was 'collector:4318'");
    }

    @Test
    void theLogEncodingComesFromTheFlagThenTheEnvironmentAndBadNamesAreRefused() {
        var options = new ObservabilityOptions();
        assertThat(options.encoding(Map.of())).isNull();
        assertThat(options.encoding(Map.of("TRELLIS_LOG_ENCODING", "json"))).isEqualTo(LoggingConfig.Encoding.JSON);
        options.logEncoding = "text";
        assertThat(options.encoding(Map.of("TRELLIS_LOG_ENCODING", "json"))).isEqualTo(LoggingConfig.Encoding.TEXT);
        options.logEncoding = "yaml";
        assertThatIllegalArgumentException().isThrownBy(() -> options.encoding(Map.of()))
                .withMessage("--log-encoding: encoding must be TEXT or JSON, was 'yaml'");
    }

    @Test
    void spansAreSentToTheCollectorAsOtlpOverHttpAndFlushedOnClose() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try (var options = new ObservabilityOptions()) {
            options.otlpEndpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
            var sdk = options.openTelemetry(Map.of());
            sdk.getTracer("test").spanBuilder("exported-span").startSpan().end();
            options.close();

            assertThat(received).hasSize(1);
            assertThat(received.getFirst()).startsWith("POST application/x-protobuf").contains("exported-span")
                    .contains("trellis");
        } finally {
            collector.stop(0);
        }
    }
}
