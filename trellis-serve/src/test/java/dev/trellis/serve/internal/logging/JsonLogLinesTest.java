package dev.trellis.serve.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.serve.LoggingConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The console encodings with the real encoders on a real appender of the root logger: TEXT with
 * the request fields in the pattern, JSON with one parseable object per line, and the switch
 * between them at run time, which restores the configured text encoder.
 */
class JsonLogLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final OutputStreamAppender<ILoggingEvent> console = new OutputStreamAppender<>();
    private final org.slf4j.Logger log = LoggerFactory.getLogger("trellis.test.encoding");

    @BeforeEach
    void attachConsole() {
        var text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%-5level %logger - %msg%n");
        text.start();
        console.setContext(context);
        console.setName("test-console");
        console.setEncoder(text);
        console.setOutputStream(out);
        console.start();
        root.addAppender(console);
    }

    @AfterEach
    void detachConsole() {
        LogbackSetup.useEncoding(LoggingConfig.Encoding.TEXT);
        root.detachAppender(console);
        console.stop();
        MDC.clear();
    }

    @Test
    void jsonLinesAreOneParseableObjectPerLineWithTheRequestFieldsAndTheException() throws Exception {
        LogbackSetup.useEncoding(LoggingConfig.Encoding.JSON);
        MDC.put("request_id", "req-7");
        MDC.put("deployment", "Model");
        log.info("line one\nwith a newline");
        MDC.clear();
        log.warn("failed", new IllegalStateException("boom"));

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("message").asText()).isEqualTo("line one\nwith a newline");
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("logger").asText()).isEqualTo("trellis.test.encoding");
        assertThat(first.get("request_id").asText()).isEqualTo("req-7");
        assertThat(first.get("deployment").asText()).isEqualTo("Model");
        assertThat(first.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.has("request_id")).isFalse();
        assertThat(second.get("exception").asText()).contains("IllegalStateException: boom");
    }

    @Test
    void switchingBackToTextRestoresTheConfiguredPattern() {
        LogbackSetup.useEncoding(LoggingConfig.Encoding.JSON);
        LogbackSetup.useEncoding(LoggingConfig.Encoding.TEXT);
        log.info("plain");

        assertThat(lines()).containsExactly("INFO  trellis.test.encoding - plain");
    }

    @Test
    void theRequestFieldsConverterWritesOnlyTheFieldsThatAreSet() {
        var converter = new RequestFieldsConverter();
        var event = new ch.qos.logback.classic.spi.LoggingEvent();
        event.setMDCPropertyMap(java.util.Map.of("request_id", "r1", "deployment", "B", "other", "x"));
        assertThat(converter.convert(event)).isEqualTo("[request_id=r1 deployment=B] ");
        var bare = new ch.qos.logback.classic.spi.LoggingEvent();
        bare.setMDCPropertyMap(java.util.Map.of());
        assertThat(converter.convert(bare)).isEmpty();
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
