package dev.trellis.serve.internal.logging;

import dev.trellis.serve.LoggingConfig;
import dev.trellis.serve.internal.spec.ApplicationSpec;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.event.Level;

/**
 * The {@code logging_config} of every deployed application, JVM-wide, as the logging backend
 * reads it on every log call: the level per deployment ({@link DeploymentLevelFilter}) and which
 * applications have their access log turned off. Updated when an application is deployed
 * (also an in-place update: nothing here restarts a replica) and forgotten when it is deleted.
 * JVM-wide because the logging backend is: two runtimes in one JVM with applications of the same
 * name share their entries. Thread-safe; reads take no lock.
 */
public final class LoggingRegistry {
    private static final Map<String, Map<String, Level>> LEVELS = new ConcurrentHashMap<>();
    private static final Set<String> ACCESS_LOG_OFF = ConcurrentHashMap.newKeySet();
    /** Whether any deployment has a level: when none has, the filter does not even look at the MDC. */
    private static volatile boolean anyLevel;

    private LoggingRegistry() {
    }

    /** Records the logging configs of {@code app}'s deployments; applies an encoding one of them asks for. */
    public static void apply(ApplicationSpec app) {
        var levels = new ConcurrentHashMap<String, Level>();
        LoggingConfig.Encoding encoding = null;
        for (DeploymentSpec d : app.deployments().values()) {
            LoggingConfig c = d.config().loggingConfig();
            if (c == null) {
                continue;
            }
            if (c.logLevel() != null) {
                levels.put(d.name(), c.logLevel());
            }
            if (c.encoding() != null) {
                encoding = c.encoding();
            }
        }
        LoggingConfig ingress = app.ingress().config().loggingConfig();
        if (ingress != null && !ingress.enableAccessLog()) {
            ACCESS_LOG_OFF.add(app.name());
        } else {
            ACCESS_LOG_OFF.remove(app.name());
        }
        if (levels.isEmpty()) {
            LEVELS.remove(app.name());
        } else {
            LEVELS.put(app.name(), levels);
        }
        anyLevel = !LEVELS.isEmpty();
        if (encoding != null) {
            LogbackSetup.useEncoding(encoding);
        }
    }

    /** Forgets {@code application}. */
    public static void remove(String application) {
        LEVELS.remove(application);
        ACCESS_LOG_OFF.remove(application);
        anyLevel = !LEVELS.isEmpty();
    }

    /** The level of {@code deployment} of {@code application}, or null when it has none (or either is null). */
    public static Level level(String application, String deployment) {
        if (!anyLevel || application == null || deployment == null) {
            return null;
        }
        Map<String, Level> levels = LEVELS.get(application);
        return levels == null ? null : levels.get(deployment);
    }

    /** Whether any deployment has a level of its own. */
    static boolean anyLevel() {
        return anyLevel;
    }

    /** Whether the proxy writes access log lines for {@code application}. */
    public static boolean accessLogEnabled(String application) {
        return application == null || !ACCESS_LOG_OFF.contains(application);
    }
}
