package dev.trellis.serve.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * Writes each event as one JSON object on one line, flat, with the field names of Ray Serve's
 * JSON logs where they exist: {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger},
 * {@code thread}, {@code message}, then every MDC entry as its own field ({@code request_id},
 * {@code application}, {@code deployment}, {@code replica}, {@code route} inside a request), and
 * {@code exception} (the stack trace as one string) when the event has one. Logback's own
 * {@code JsonEncoder} nests the MDC and adds fields (sequence numbers, context) that log
 * pipelines do not want, hence this encoder. Newlines inside values are escaped by JSON, so a
 * line is always one event.
 *
 * <p>In a logback.xml: {@code <encoder class="dev.trellis.serve.internal.logging.JsonLinesEncoder"/>}.
 */
public final class JsonLinesEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            gen.writeStringField("level", event.getLevel().toString());
            gen.writeStringField("logger", event.getLoggerName());
            gen.writeStringField("thread", event.getThreadName());
            gen.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    gen.writeStringField(e.getKey(), e.getValue());
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                gen.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }
}
