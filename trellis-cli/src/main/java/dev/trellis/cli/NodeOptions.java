package dev.trellis.cli;

import dev.trellis.core.Resources;
import dev.trellis.serve.HttpOptions;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The node's resources and the HTTP proxy's address, as {@code serve run} and {@code start} take
 * them ({@code --num-cpus/--num-gpus}, {@code --host/--port}; a picocli mixin). Unset options are
 * null; a bad value is a usage error naming it.
 */
final class NodeOptions {
    @Option(names = "--num-cpus", paramLabel = "N",
            description = "CPUs this node offers replicas, fractions allowed (default: this machine's cores).")
    Double numCpus;

    @Option(names = "--num-gpus", paramLabel = "N",
            description = "GPUs this node offers replicas, fractions allowed (default: 0).")
    Double numGpus;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address the HTTP proxy listens on (default: the config's http_options.host, else 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port of the HTTP proxy, 0 for a free one (default: the config's http_options.port, else 8000).")
    Integer port;

    /** This machine's resources, with the flags given taking precedence. */
    Resources resources(CommandLine commandLine) {
        Resources machine = Resources.ofThisMachine();
        try {
            return Resources.of(numCpus == null ? machine.cpus() : numCpus, numGpus == null ? machine.gpus() : numGpus);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "Invalid value: " + e.getMessage());
        }
    }

    /** {@code base} (a config's http_options) with {@code --host} and {@code --port} applied. */
    HttpOptions http(CommandLine commandLine, HttpOptions base) {
        try {
            HttpOptions.Builder b = base.toBuilder();
            if (host != null) {
                b.host(host);
            }
            if (port != null) {
                b.port(port);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "Invalid value: " + e.getMessage());
        }
    }

    /** The flags that were given, as arguments for another command line (the background instance's). */
    void addGiven(List<String> args) {
        add(args, "--host", host);
        add(args, "--port", port);
        add(args, "--num-cpus", numCpus);
        add(args, "--num-gpus", numGpus);
    }

    static void add(List<String> args, String option, Object value) {
        if (value != null) {
            args.add(option);
            args.add(String.valueOf(value));
        }
    }
}
