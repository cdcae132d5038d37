package dev.trellis.cli;

import dev.trellis.core.Resources;
import dev.trellis.serve.HttpOptions;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The node's resources and the HTTP proxy's address as {@code serve run} and {@code start} take
 * them from {@code --num-cpus/--num-gpus} and {@code --host/--port}; a bad value is a usage error
 * naming it.
 */
final class NodeOptions {
    private NodeOptions() {
    }

    /** This machine's resources, with the flags given (null: not given) taking precedence. */
    static Resources resources(CommandLine commandLine, Double numCpus, Double numGpus) {
        Resources machine = Resources.ofThisMachine();
        try {
            return Resources.of(numCpus == null ? machine.cpus() : numCpus, numGpus == null ? machine.gpus() : numGpus);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "Invalid value: " + e.getMessage());
        }
    }

    /** {@code base} (a config's http_options) with {@code --host} and {@code --port} applied. */
    static HttpOptions http(CommandLine commandLine, HttpOptions base, String host, Integer port) {
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
}
