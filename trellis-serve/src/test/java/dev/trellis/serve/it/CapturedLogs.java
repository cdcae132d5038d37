package dev.trellis.serve.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * The lines logged on one logger while it is open, with the MDC each had when it was logged
 * (copied at once: Logback reads the MDC of an event lazily, from whatever thread asks later).
 * The logger's level is set to INFO while open, so DEBUG lines pass only through a
 * deployment's own level.
 */
final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    record Line(Level level, String message, Map<String, String> fields) {
        String field(String key) {
            return fields.get(key);
        }
    }

    private final Logger logger;
    private final Level previous;
    final List<Line> lines = new CopyOnWriteArrayList<>();

    CapturedLogs(Class<?> loggerOf) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerOf);
        this.previous = logger.getLevel();
        setContext(logger.getLoggerContext());
        start();
        logger.setLevel(Level.INFO);
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(new Line(event.getLevel(), event.getFormattedMessage(), Map.copyOf(event.getMDCPropertyMap())));
    }

    /** The lines whose message starts with {@code prefix}. */
    List<Line> startingWith(String prefix) {
        return lines.stream().filter(l -> l.message().startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(previous);
        stop();
    }
}
