package dev.trellis.cli;

import dev.trellis.serve.LoggingConfig;
import dev.trellis.serve.internal.logging.LogbackSetup;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The process-wide logging and tracing options of {@code trellis serve run} and {@code trellis start} (a picocli mixin):
 * the console's encoding ({@code --log-encoding}, else env {@code TRELLIS_LOG_ENCODING}, else
 * TEXT) and the OTLP trace export, off unless {@code --otlp-endpoint} is given or the standard
 * OpenTelemetry environment asks for it ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, or
 * {@code OTEL_TRACES_EXPORTER=otlp} for the default {@code http://localhost:4318};
 * {@code OTEL_TRACES_EXPORTER=none} turns it off whatever else is set). Spans are sent as OTLP
 * over HTTP (protobuf) with the JDK's HTTP client, in batches, with {@code service.name} trellis
 * (or {@code OTEL_SERVICE_NAME}); {@link #close} flushes what is left.
 */
final class ObservabilityOptions implements AutoCloseable {
    static final String DEFAULT_ENDPOINT = "http://localhost:4318";

    @Option(names = "--log-encoding", paramLabel = "TEXT|JSON",
            description = "Console log encoding, process-wide (default: env TRELLIS_LOG_ENCODING, else TEXT).")
    String logEncoding;

    @Option(names = "--otlp-endpoint", paramLabel = "URL",
            description = "Export traces with OTLP/HTTP to this collector, e.g. http://127.0.0.1:4318"
                    + " (default: env OTEL_EXPORTER_OTLP_ENDPOINT; tracing is off without one).")
    String otlpEndpoint;

    private OpenTelemetrySdk sdk;

    /** The encoding to use: the flag, else {@code TRELLIS_LOG_ENCODING}, else null (the configuration file's). */
    LoggingConfig.Encoding encoding(Map<String, String> env) {
        String value = logEncoding != null ? logEncoding : env.get("TRELLIS_LOG_ENCODING");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LoggingConfig.Encoding.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((logEncoding != null ? "--log-encoding" : "TRELLIS_LOG_ENCODING")
                    + ": " + e.getMessage(), e);
        }
    }

    /** The OTLP traces URL to export to, or null when tracing is off. */
    String tracesEndpoint(Map<String, String> env) {
        String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "").strip().toLowerCase(Locale.ROOT);
        if (exporter.equals("none")) {
            return null;
        }
        String base = otlpEndpoint != null ? otlpEndpoint : env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        if ((base == null || base.isBlank()) && exporter.equals("otlp")) {
            base = DEFAULT_ENDPOINT;
        }
        if (base == null || base.isBlank()) {
            return null;
        }
        String url = base.strip();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException((otlpEndpoint != null ? "--otlp-endpoint" : "OTEL_EXPORTER_OTLP_ENDPOINT")
                    + " must be an http:// or https:// URL, was '" + base + "'");
        }
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return url.endsWith("/v1/traces") ? url : url + "/v1/traces";
    }

    /** Applies the encoding (if one is asked for) to this process's console. */
    void applyLogEncoding(Map<String, String> env) {
        LoggingConfig.Encoding encoding = encoding(env);
        if (encoding != null) {
            LogbackSetup.useEncoding(encoding);
        }
    }

    /** The SDK exporting to the configured endpoint, started now; null when tracing is off. */
    OpenTelemetrySdk openTelemetry(Map<String, String> env) {
        String endpoint = tracesEndpoint(env);
        if (endpoint == null) {
            return null;
        }
        String service = env.getOrDefault("OTEL_SERVICE_NAME", "trellis");
        var resource = Resource.getDefault().merge(Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), service)));
        var exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build();
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build()).build();
        return sdk;
    }

    /** Flushes and stops the exporter, if one was started. Idempotent. */
    @Override
    public synchronized void close() {
        if (sdk != null) {
            sdk.close();
            sdk = null;
        }
    }
}
