package dev.trellis.serve.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.trellis.serve.internal.observe.LogFields;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Per-deployment log levels: a line logged while a call of a deployment runs (the MDC holds its
 * {@code application} and {@code deployment}) is kept or dropped by that deployment's
 * {@code log_level} from the {@link LoggingRegistry}, whatever its logger's level, so DEBUG
 * lines of one deployment show while every other stays at INFO. Lines outside any call, and
 * calls of deployments without a level, are left to the loggers (NEUTRAL). When no deployment
 * has a level, the MDC is not even read. The registry is read on each call, so a changed level
 * applies at once, without restarting a replica.
 */
public final class DeploymentLevelFilter extends TurboFilter {

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || !LoggingRegistry.anyLevel()) {
            return FilterReply.NEUTRAL;
        }
        org.slf4j.event.Level configured = LoggingRegistry.level(MDC.get(LogFields.APPLICATION),
                MDC.get(LogFields.DEPLOYMENT));
        if (configured == null) {
            return FilterReply.NEUTRAL;
        }
        return level.toInt() >= Level.fromLocationAwareLoggerInteger(configured.toInt()).toInt()
                ? FilterReply.ACCEPT : FilterReply.DENY;
    }
}
