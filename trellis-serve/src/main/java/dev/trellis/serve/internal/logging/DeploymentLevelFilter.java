package dev.trellis.serve.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.trellis.serve.internal.observe.CallScope;
import dev.trellis.serve.internal.observe.LogFields;
import org.slf4j.Marker;

/**
 * Trellis's turbo filter, consulted by Logback before every line is logged:
 *
 * <ul>
 *   <li>Per-deployment log levels: a line logged while a call of a deployment runs (a
 *   {@link CallScope} is bound) is kept or dropped by that deployment's {@code log_level} from the
 *   {@link LoggingRegistry}, whatever its logger's level, so DEBUG lines of one deployment show
 *   while every other stays at INFO. Lines outside any call, and calls of deployments without a
 *   level, are left to the loggers (NEUTRAL). The registry is read on each line, so a changed
 *   level applies at once, without restarting a replica.</li>
 *   <li>Request fields on demand: when the line will be logged, the scope's fields
 *   ({@code request_id}, {@code application}...) are put in the MDC first
 *   ({@link CallScope#fillLogFields}), so calls that log nothing never touch the MDC (see
 *   {@link LogFields}).</li>
 * </ul>
 *
 * Starting and stopping it (a Logback reset stops it) switches {@link LogFields} between fields
 * filled on demand and fields put eagerly.
 */
public final class DeploymentLevelFilter extends TurboFilter {

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        CallScope scope = CallScope.current();
        if (scope == null || level == null) {
            return FilterReply.NEUTRAL;
        }
        FilterReply reply = FilterReply.NEUTRAL;
        if (LoggingRegistry.anyLevel()) {
            org.slf4j.event.Level configured = LoggingRegistry.level(scope.application(), scope.deployment());
            if (configured != null) {
                reply = level.toInt() >= Level.fromLocationAwareLoggerInteger(configured.toInt()).toInt()
                        ? FilterReply.ACCEPT : FilterReply.DENY;
            }
        }
        if (reply == FilterReply.ACCEPT || reply == FilterReply.NEUTRAL && level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            scope.fillLogFields();
        }
        return reply;
    }

    @Override
    public void start() {
        super.start();
        LogFields.filledOnDemand(true);
    }

    @Override
    public void stop() {
        LogFields.filledOnDemand(false);
        super.stop();
    }
}
