package dev.trellis.examples.core;

import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of a Core example driver: {@code --name value} (or {@code --name=value})
 * options from a fixed set, plus {@code --help}. Every error names the argument and the value
 * ({@link UsageException}); the drivers then exit with {@link #EXIT_USAGE}. Also starts and stops
 * Trellis for a driver ({@link #start}).
 */
final class DriverArgs {
    /** Exit code of a driver run that worked. */
    static final int EXIT_OK = 0;
    /** Exit code when running failed (Trellis could not start, a task failed). */
    static final int EXIT_FAILED = 1;
    /** Exit code for bad arguments. */
    static final int EXIT_USAGE = 2;

    /** A bad command line; the message names the argument and its value. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values;
    private final boolean help;

    private DriverArgs(Map<String, String> values, boolean help) {
        this.values = values;
        this.help = help;
    }

    /**
     * Parses {@code args}; {@code names} are the options taken (without {@code --}).
     *
     * @throws UsageException for an unknown argument, a missing value or an option given twice
     */
    static DriverArgs parse(String[] args, Set<String> names) {
        var values = new LinkedHashMap<String, String>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (!names.contains(name)) {
                throw new UsageException("unknown option '" + (eq < 0 ? arg : arg.substring(0, eq)) + "'");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("option '--" + name + "' needs a value");
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new UsageException("option '--" + name + "' given twice ('" + values.get(name) + "' and '"
                        + value + "')");
            }
        }
        return new DriverArgs(values, help);
    }

    boolean help() {
        return help;
    }

    /**
     * The option {@code name} as an int from {@code min} to {@code max}, or {@code fallback} when absent.
     *
     * @throws UsageException naming the option and the value when it is not such an int
     */
    int intOption(String name, int fallback, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be an integer from " + min + " to " + max + ", was '"
                + value + "'");
    }

    /** As {@link #intOption} for a long. */
    long longOption(String name, long fallback, long min, long max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be an integer from " + min + " to " + max + ", was '"
                + value + "'");
    }

    /**
     * The cluster to join, from {@code --address host:port}; empty when not given.
     *
     * @throws UsageException naming the value when it is not {@code host:port}
     */
    Optional<String> address() {
        String value = values.get("address");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrellisOptions.checkAddress(value.trim()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--address must be host:port, was '" + value + "' (" + e.getMessage() + ")");
        }
    }

    /**
     * Starts Trellis for a driver: joins {@code address} when given, else {@link Trellis#init()}
     * (which joins {@code TRELLIS_ADDRESS} when set, else starts an embedded node). When Trellis
     * already runs in this JVM (a driver called in-process), that node is used as it is.
     *
     * @return true when this call started Trellis (so the driver shuts it down), false when it already ran
     * @throws IllegalStateException when Trellis cannot start; the message says where it tried
     */
    static boolean start(Optional<String> address) {
        if (Trellis.isInitialized()) {
            return false;
        }
        String target = address.orElse(System.getenv(Trellis.ADDRESS_ENV));
        try {
            if (address.isPresent()) {
                Trellis.init(TrellisOptions.connect(address.get()));
            } else {
                Trellis.init();
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException((target == null || target.isBlank()
                    ? "cannot start an embedded Trellis node: "
                    : "cannot join the Trellis cluster at " + target.trim() + ": ") + e.getMessage(), e);
        }
        return true;
    }

    /** Prints {@code message} and the usage to {@code err}; returns {@link #EXIT_USAGE}. */
    static int usageError(PrintStream err, String message, String usage) {
        err.println("error: " + message);
        err.println(usage);
        return EXIT_USAGE;
    }
}
