package dev.trellis.serve.internal.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.trellis.serve.LoggingConfig;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The Logback side of {@link LogbackSetup}: adds the {@link DeploymentLevelFilter} to the logger
 * context, and switches the encoder of the root logger's output-stream appenders (the console)
 * between the configured text encoder and {@link JsonLinesEncoder}. The text encoder replaced is
 * kept, so switching back to TEXT restores exactly what the configuration file set.
 */
final class LogbackBackend {
    /** The text encoders replaced by JSON ones, per appender. Guarded by the class. */
    private static final Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> TEXT_ENCODERS =
            new IdentityHashMap<>();

    private LogbackBackend() {
    }

    static synchronized void installLevelFilter() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (context.getTurboFilterList().stream().noneMatch(DeploymentLevelFilter.class::isInstance)) {
            var filter = new DeploymentLevelFilter();
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    static synchronized void useEncoding(LoggingConfig.Encoding encoding) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                switchEncoder(appender, encoding, context);
            }
        }
    }

    private static void switchEncoder(OutputStreamAppender<ILoggingEvent> appender, LoggingConfig.Encoding encoding,
                                      LoggerContext context) {
        boolean json = appender.getEncoder() instanceof JsonLinesEncoder;
        Encoder<ILoggingEvent> next;
        if (encoding == LoggingConfig.Encoding.JSON && !json) {
            TEXT_ENCODERS.put(appender, appender.getEncoder());
            var encoder = new JsonLinesEncoder();
            encoder.setContext(context);
            encoder.start();
            next = encoder;
        } else if (encoding == LoggingConfig.Encoding.TEXT && json && TEXT_ENCODERS.containsKey(appender)) {
            next = TEXT_ENCODERS.remove(appender);
        } else {
            return;
        }
        // Swapped on the running appender: stopping it would close its stream (a file, a test's buffer).
        // The appender reads its encoder on every event, so the next line is written by the new one.
        appender.setEncoder(next);
    }
}
