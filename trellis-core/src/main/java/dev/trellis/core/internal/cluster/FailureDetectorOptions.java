package dev.trellis.core.internal.cluster;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast a node process notices that another one died, as {@code NodeMain} and {@code trellis
 * start} take it: {@code --heartbeat-interval} (how often the failure detector heartbeats, also
 * each node's report to the directory; default 1 s), {@code --heartbeat-pause} (how long
 * heartbeats may be missing before a node is unreachable; default 3 s) and {@code --stable-after}
 * (how long membership must be stable before the split brain resolver downs the unreachable
 * nodes; default 7 s). Values are written {@code 200ms}, {@code 1s} or {@code 1.5s}.
 *
 * <p>Every node of a cluster should be given the same values: each node's own failure detector
 * decides when it sees another as unreachable, and the resolver runs on the oldest node.
 */
public record FailureDetectorOptions(Duration heartbeatInterval, Duration heartbeatPause, Duration stableAfter) {
    /** The option names, without their leading dashes. */
    public static final String HEARTBEAT_INTERVAL = "heartbeat-interval";
    public static final String HEARTBEAT_PAUSE = "heartbeat-pause";
    public static final String STABLE_AFTER = "stable-after";

    /** Pekko's defaults as Trellis sets them ({@link ClusterOptions}). */
    public static final FailureDetectorOptions DEFAULTS = new FailureDetectorOptions(
            ClusterOptions.DEFAULT_HEARTBEAT_INTERVAL, ClusterOptions.DEFAULT_ACCEPTABLE_HEARTBEAT_PAUSE,
            ClusterOptions.DEFAULT_STABLE_AFTER);

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)");

    public FailureDetectorOptions {
        requirePositive(HEARTBEAT_INTERVAL, heartbeatInterval);
        requirePositive(HEARTBEAT_PAUSE, heartbeatPause);
        requirePositive(STABLE_AFTER, stableAfter);
        if (heartbeatPause.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalStateException("--" + HEARTBEAT_PAUSE + " (" + text(heartbeatPause) + ") must be longer"
                    + " than --" + HEARTBEAT_INTERVAL + " (" + text(heartbeatInterval) + "): otherwise every node"
                    + " is suspected between two heartbeats");
        }
    }

    /**
     * The values among {@code options} (a node's {@code --name value} options, names without
     * dashes), each unset one at its default.
     *
     * @throws IllegalArgumentException for a value that is not a positive duration, naming the option and the value
     * @throws IllegalStateException when the pause is not longer than the interval
     */
    public static FailureDetectorOptions of(Map<String, String> options) {
        return new FailureDetectorOptions(
                value(options, HEARTBEAT_INTERVAL, DEFAULTS.heartbeatInterval),
                value(options, HEARTBEAT_PAUSE, DEFAULTS.heartbeatPause),
                value(options, STABLE_AFTER, DEFAULTS.stableAfter));
    }

    /**
     * {@code text} ({@code 200ms}, {@code 1s}, {@code 1.5s}) as a duration, whole milliseconds.
     *
     * @throws IllegalArgumentException naming {@code --option} and the text, unless it is a positive duration
     */
    public static Duration parse(String option, String text) {
        Matcher m = text == null ? null : DURATION.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("--" + option + " must be a duration such as 200ms, 1s or 1.5s, was '"
                    + text + "'");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal millis = m.group(2).equals("s") ? amount.movePointRight(3) : amount;
        if (millis.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("--" + option + " must be whole milliseconds, was '" + text + "'");
        }
        Duration d;
        try {
            d = Duration.ofMillis(millis.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("--" + option + " is too long, was '" + text + "'");
        }
        requirePositive(option, d);
        return d;
    }

    /** {@code builder} with these timings set. */
    public ClusterOptions.Builder applyTo(ClusterOptions.Builder builder) {
        return builder.heartbeatInterval(heartbeatInterval).acceptableHeartbeatPause(heartbeatPause)
                .stableAfter(stableAfter);
    }

    /** As the options take them, e.g. {@code --heartbeat-interval 200ms --heartbeat-pause 1s --stable-after 2s}. */
    @Override
    public String toString() {
        return "--" + HEARTBEAT_INTERVAL + " " + text(heartbeatInterval) + " --" + HEARTBEAT_PAUSE + " "
                + text(heartbeatPause) + " --" + STABLE_AFTER + " " + text(stableAfter);
    }

    /** {@code 200ms}, {@code 1s} or {@code 1.5s}. */
    static String text(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis < 1000 ? millis + "ms"
                : BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }

    private static Duration value(Map<String, String> options, String option, Duration fallback) {
        String text = options.get(option);
        return text == null ? fallback : parse(option, text);
    }

    private static void requirePositive(String option, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("--" + option + " must be a positive duration, was "
                    + (value == null ? "null" : text(value)));
        }
    }
}
