package dev.trellis.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of one wrk run, read from its {@code --latency} report. Latencies are in
 * milliseconds whatever unit wrk printed them in.
 *
 * @param errors socket errors (connect, read, write, timeout) plus non-2xx/3xx responses
 */
record WrkResult(int connections, int threads, double durationSeconds, long requests, double requestsPerSecond,
        double p50Millis, double p99Millis, long errors) {

    private static final Pattern HEADER = Pattern.compile("(\\d+) threads and (\\d+) connections");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m|h),");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    static WrkResult parse(String report) {
        Matcher header = find(HEADER, report, "threads and connections");
        Matcher total = find(TOTAL, report, "request count");
        long errors = 0;
        Matcher socket = SOCKET_ERRORS.matcher(report);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        Matcher non2xx = NON_2XX.matcher(report);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        return new WrkResult(Integer.parseInt(header.group(2)), Integer.parseInt(header.group(1)),
                toMillis(total.group(2), total.group(3)) / 1000.0, Long.parseLong(total.group(1)),
                Double.parseDouble(find(RATE, report, "Requests/sec").group(1)),
                percentile(report, "50"), percentile(report, "99"), errors);
    }

    /** A line of wrk's "Latency Distribution", such as {@code "     99%    1.23ms"}. */
    private static double percentile(String report, String percent) {
        Matcher m = find(Pattern.compile("(?m)^\\s*" + percent + "(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$"),
                report, percent + "% latency (was wrk run with --latency?)");
        return toMillis(m.group(1), m.group(2));
    }

    private static double toMillis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v / 1000.0;
            case "ms" -> v;
            case "s" -> v * 1000.0;
            case "m" -> v * 60_000.0;
            case "h" -> v * 3_600_000.0;
            default -> throw new IllegalArgumentException("unknown wrk time unit '" + unit + "'");
        };
    }

    private static Matcher find(Pattern pattern, String report, String what) {
        Matcher m = pattern.matcher(report);
        if (!m.find()) {
            throw new IllegalArgumentException("wrk report has no " + what + ":\n" + report);
        }
        return m;
    }
}
