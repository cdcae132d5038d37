package dev.trellis.serve.internal.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.trellis.serve.internal.observe.LogFields;
import java.util.Map;

/**
 * The request fields of a text log line: {@code [request_id=... application=... deployment=...
 * replica=... route=...] } with only the fields that are set, or nothing at all for a line
 * logged outside any request. Registered in logback.xml as
 * {@code <conversionRule conversionWord="requestFields" class="...RequestFieldsConverter"/>}
 * and used as {@code %requestFields} in the pattern.
 */
public final class RequestFieldsConverter extends ClassicConverter {
    private static final String[] KEYS = {LogFields.REQUEST_ID, LogFields.APPLICATION, LogFields.DEPLOYMENT,
            LogFields.REPLICA, LogFields.ROUTE};

    @Override
    public String convert(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return "";
        }
        StringBuilder sb = null;
        for (String key : KEYS) {
            String value = mdc.get(key);
            if (value != null) {
                sb = sb == null ? new StringBuilder("[") : sb.append(' ');
                sb.append(key).append('=').append(value);
            }
        }
        return sb == null ? "" : sb.append("] ").toString();
    }
}
