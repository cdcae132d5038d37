package dev.trellis.serve;

import java.util.Locale;
import java.util.Objects;
import org.slf4j.event.Level;

/**
 * How a deployment logs, with the keys of Ray Serve's {@code logging_config}: {@code encoding}
 * ({@code TEXT} or {@code JSON}), {@code log_level} (Ray's names: {@code DEBUG}, {@code INFO},
 * {@code WARNING}, {@code ERROR}, {@code CRITICAL}; also {@code TRACE} and {@code WARN}) and
 * {@code enable_access_log}. Set in code with {@code DeploymentConfig.Builder#loggingConfig} or
 * in a config file at the application level (for all its deployments) or the deployment level.
 *
 * <p>What each does here, where replicas are threads of one JVM rather than processes:
 * <ul>
 *   <li>{@code log_level} applies to every line logged while a call of the deployment runs (user
 *       code included), whatever the logger's own level; changed in place, without restarting
 *       replicas. Unset: the loggers' own levels (INFO by default).</li>
 *   <li>{@code encoding} is process-wide (there is one console): a deployment that sets it
 *       switches the console of the whole JVM, the last one deployed winning; unset leaves it as
 *       the process was started ({@code trellis serve run --log-encoding}, env
 *       {@code TRELLIS_LOG_ENCODING}; TEXT by default).</li>
 *   <li>{@code enable_access_log: false} on an application's ingress deployment turns off the
 *       proxy's access log lines for that application (default true).</li>
 * </ul>
 * Immutable; build with {@link #builder()}.
 */
public final class LoggingConfig {
    /** How log lines are written: plain text, or one JSON object per line. */
    public enum Encoding {
        TEXT, JSON;

        /** {@code TEXT} or {@code JSON}, any case. */
        public static Encoding parse(String value) {
            String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
            return switch (v) {
                case "TEXT" -> TEXT;
                case "JSON" -> JSON;
                default -> throw new IllegalArgumentException("encoding must be TEXT or JSON, was '" + value + "'");
            };
        }
    }

    private static final LoggingConfig DEFAULTS = builder().build();

    private final Encoding encoding;
    private final Level logLevel;
    private final boolean enableAccessLog;

    private LoggingConfig(Builder b) {
        this.encoding = b.encoding;
        this.logLevel = b.logLevel;
        this.enableAccessLog = b.enableAccessLog;
    }

    /** Nothing set: the process's encoding and the loggers' own levels, access log on. */
    public static LoggingConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The encoding this config asks for, or null to keep the process's. */
    public Encoding encoding() {
        return encoding;
    }

    /** The level of the deployment's lines, or null to keep the loggers' own levels. */
    public Level logLevel() {
        return logLevel;
    }

    public boolean enableAccessLog() {
        return enableAccessLog;
    }

    /**
     * A level by Ray's (Python's) name or SLF4J's, any case: {@code TRACE}, {@code DEBUG},
     * {@code INFO}, {@code WARNING}/{@code WARN}, {@code ERROR}, {@code CRITICAL} (as ERROR).
     *
     * @throws IllegalArgumentException naming {@code log_level} and the value otherwise
     */
    public static Level parseLevel(String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        return switch (v) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARNING", "WARN" -> Level.WARN;
            case "ERROR", "CRITICAL" -> Level.ERROR;
            default -> throw new IllegalArgumentException("log_level must be one of DEBUG, INFO, WARNING, ERROR,"
                    + " CRITICAL (or TRACE, WARN), was '" + value + "'");
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoggingConfig c && encoding == c.encoding && logLevel == c.logLevel
                && enableAccessLog == c.enableAccessLog;
    }

    @Override
    public int hashCode() {
        return Objects.hash(encoding, logLevel, enableAccessLog);
    }

    @Override
    public String toString() {
        return "LoggingConfig(encoding=" + encoding + ", log_level=" + logLevel + ", enable_access_log="
                + enableAccessLog + ")";
    }

    public static final class Builder {
        private Encoding encoding;
        private Level logLevel;
        private boolean enableAccessLog = true;

        private Builder() {
        }

        /** TEXT or JSON; null keeps the process's encoding. */
        public Builder encoding(Encoding value) {
            encoding = value;
            return this;
        }

        /** The level of the deployment's lines; null keeps the loggers' own levels. */
        public Builder logLevel(Level value) {
            logLevel = value;
            return this;
        }

        /** A level by name, as in {@link LoggingConfig#parseLevel}. */
        public Builder logLevel(String value) {
            logLevel = parseLevel(value);
            return this;
        }

        public Builder enableAccessLog(boolean value) {
            enableAccessLog = value;
            return this;
        }

        public LoggingConfig build() {
            return new LoggingConfig(this);
        }
    }
}
