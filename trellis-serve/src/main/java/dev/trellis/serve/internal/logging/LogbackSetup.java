package dev.trellis.serve.internal.logging;

import dev.trellis.serve.LoggingConfig;
import org.slf4j.LoggerFactory;

/**
 * Hooks Trellis's logging features into the logging backend when it is Logback (Logback is an
 * optional dependency of trellis-serve; with another SLF4J backend the request fields are still
 * in the MDC, but per-deployment levels and the encoding switch do nothing). This class links no
 * Logback class itself, so it loads without Logback; {@link LogbackBackend} does the work.
 */
public final class LogbackSetup {
    private static final boolean LOGBACK = isLogback();

    private LogbackSetup() {
    }

    /** Installs the per-deployment level filter once; idempotent. */
    public static void install() {
        if (LOGBACK) {
            LogbackBackend.installLevelFilter();
        }
    }

    /** Switches the console of the whole process to {@code encoding}. */
    public static void useEncoding(LoggingConfig.Encoding encoding) {
        if (LOGBACK) {
            LogbackBackend.useEncoding(encoding);
        }
    }

    private static boolean isLogback() {
        try {
            return LoggerFactory.getILoggerFactory().getClass().getName().equals("ch.qos.logback.classic.LoggerContext");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
