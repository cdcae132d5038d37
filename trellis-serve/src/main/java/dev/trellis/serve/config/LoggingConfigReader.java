package dev.trellis.serve.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.LoggingConfig;
import java.util.List;

/**
 * Reads a {@code logging_config} mapping (Ray Serve's key, at the application or the deployment
 * level) into a {@link LoggingConfig}:
 *
 * <pre>
 * logging_config:
 *   encoding: JSON            # TEXT or JSON; process-wide (one console); default: as the process started
 *   log_level: DEBUG          # DEBUG, INFO, WARNING, ERROR, CRITICAL (also TRACE, WARN)
 *   enable_access_log: false  # the proxy's access log for this application; default true
 * </pre>
 *
 * Ray's {@code logs_dir} and {@code additional_log_standard_attrs} are refused with the reason
 * (replicas here write to the process's console, whose destination the process's Logback
 * configuration decides); any other key is refused as unknown. Problems are recorded in
 * {@link ConfigNodes}, none thrown; the config is null when there was one.
 */
final class LoggingConfigReader {
    static final List<String> KEYS = List.of("encoding", "log_level", "enable_access_log");
    private static final List<String> RAY_ONLY = List.of("logs_dir", "additional_log_standard_attrs");

    private LoggingConfigReader() {
    }

    /** The config {@code node} sets, or null when it is absent, null, or has a problem. */
    static LoggingConfig read(JsonNode node, KeyPath path, ConfigNodes nodes) {
        if (node == null || node.isNull()) {
            return null;
        }
        int problemsBefore = nodes.problems().size();
        for (String key : RAY_ONLY) {
            if (node.has(key)) {
                nodes.problem(path.key(key), "is not supported: replicas log to the process's console (stderr of"
                        + " trellis serve run); send it to files with a Logback appender in logback.xml");
                ((ObjectNode) node).remove(key);
            }
        }
        ObjectNode o = nodes.mapping(node, path, KEYS);
        if (o == null) {
            return null;
        }
        LoggingConfig.Builder builder = LoggingConfig.builder();
        String encoding = nodes.string(o, path, "encoding", false);
        if (encoding != null) {
            set(path.key("encoding"), nodes, () -> builder.encoding(LoggingConfig.Encoding.parse(encoding)));
        }
        String level = nodes.string(o, path, "log_level", false);
        if (level != null) {
            set(path.key("log_level"), nodes, () -> builder.logLevel(level));
        }
        JsonNode accessLog = o.get("enable_access_log");
        if (accessLog != null && !accessLog.isNull()) {
            if (accessLog.isBoolean()) {
                builder.enableAccessLog(accessLog.booleanValue());
            } else {
                nodes.problem(path.key("enable_access_log"), "must be true or false, was " + ConfigNodes.show(accessLog));
            }
        }
        return nodes.problems().size() > problemsBefore ? null : builder.build();
    }

    private static void set(KeyPath key, ConfigNodes nodes, Runnable change) {
        try {
            change.run();
        } catch (IllegalArgumentException e) {
            nodes.problem(key, e.getMessage());
        }
    }
}
