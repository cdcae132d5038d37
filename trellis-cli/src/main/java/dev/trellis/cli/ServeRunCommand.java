package dev.trellis.cli;

import dev.trellis.core.Resources;
import dev.trellis.core.TrellisException;
import dev.trellis.http.internal.CurlExamples;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import dev.trellis.serve.config.ConfigException;
import dev.trellis.serve.config.ConfiguredApplication;
import dev.trellis.serve.config.ImportPaths;
import dev.trellis.serve.config.ServeConfigFile;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis serve run}, the counterpart of Ray's {@code serve run}: starts the embedded
 * runtime with its HTTP proxy (the file's {@code http_options}, overridden by {@code --host} and
 * {@code --port}), runs the applications of a config file (or the one an import path names),
 * prints their status and a {@code curl} to try each, and serves until Ctrl-C, when a shutdown
 * hook drains and stops them. {@link ObservabilityOptions} adds the log encoding and the OTLP
 * trace export.
 *
 * <p>Exit codes: 2 for bad usage or a bad config (the message, no stack trace), 1 when an
 * application fails to deploy or the runtime fails, 0 after {@code --exit-after-start}.
 */
@Command(
        name = "run",
        description = {
                "Runs Serve applications in this JVM until Ctrl-C.",
                "TARGET is a config file (*.yaml, *.yml) in Ray Serve's schema, or an import path",
                "'com.example.Apps:member' naming a public static Application field or builder method."},
        mixinStandardHelpOptions = true,
        versionProvider = TrellisVersion.class,
        sortOptions = false,
        footer = {"", "Examples:",
                "  trellis serve run examples/iris-ensemble.yaml",
                "  trellis serve run examples/iris-ensemble.yaml --port 8080",
                "  trellis serve run dev.trellis.examples.iris.IrisApp:app --name iris"})
final class ServeRunCommand implements Callable<Integer> {
    static final int EXIT_RUN_FAILED = 1;
    static final int EXIT_BAD_CONFIG = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET", description = "Config file or import path.")
    String target;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Application name, for an import path (default: default).")
    String name;

    @Option(names = "--route-prefix", paramLabel = "PREFIX",
            description = "Route prefix, for an import path (default: /).")
    String routePrefix;

    @Mixin
    NodeOptions node;

    @Option(names = "--exit-after-start",
            description = "Stop and exit with code 0 once the applications run and their status is printed"
                    + " (for scripts and tests).")
    boolean exitAfterStart;

    @Mixin
    ObservabilityOptions observability;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Target resolved;
        try {
            resolved = target();
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_BAD_CONFIG;
        }
        ServeOptions options;
        try {
            observability.applyLogEncoding(System.getenv());
            options = ServeOptions.builder().nodeResources(nodeResources()).http(httpOptions(resolved.http()))
                    .openTelemetry(observability.openTelemetry(System.getenv())).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value: " + e.getMessage());
        }

        try {
            Serve.start(options);
        } catch (TrellisException e) {
            observability.close();
            err.println("Failed: " + e.getMessage());
            return EXIT_RUN_FAILED;
        }
        Thread shutdownHook = new Thread(() -> {
            Serve.shutdown();
            observability.close();
        }, "trellis-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            out.println("Trellis Serve started; node resources " + options.nodeResources() + ".");
            String baseUrl = Serve.httpAddress().map(ServeRunCommand::baseUrl).orElse(null);
            if (baseUrl != null) {
                out.println("HTTP: " + baseUrl);
            }
            for (var app : resolved.applications()) {
                out.println("Deploying application '" + app.name() + "'...");
                out.flush();
                Serve.run(app.application(), app.name(), app.routePrefix());
                out.println("Application '" + app.name() + "' is running"
                        + (app.routePrefix() == null ? " without a route prefix." : " at route prefix " + app.routePrefix() + "."));
                if (baseUrl != null && app.routePrefix() != null) {
                    out.println("  Try it: " + CurlExamples.curl(baseUrl, app.routePrefix(), app.application()));
                }
            }
            out.println();
            out.print(StatusTable.render(Serve.status()));
            out.flush();
            if (!exitAfterStart) {
                out.println("Serving. Press Ctrl-C to stop.");
                out.flush();
                new CountDownLatch(1).await(); // until the JVM exits; the shutdown hook stops Serve
            }
            return 0;
        } catch (TrellisException e) {
            err.println("Failed: " + e.getMessage());
            if (Serve.isRunning()) {
                err.print(StatusTable.render(Serve.status()));
            }
            err.flush();
            return EXIT_RUN_FAILED;
        } finally {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            Serve.shutdown();
            observability.close(); // after the runtime: the spans of the last requests are flushed
        }
    }

    /** What TARGET names: its applications and HTTP options. */
    private record Target(List<ConfiguredApplication> applications, HttpOptions http) {
    }

    /** The applications TARGET names, loaded and validated before anything starts. */
    private Target target() {
        if (isConfigFile(target)) {
            if (name != null || routePrefix != null) {
                throw new ParameterException(spec.commandLine(), (name != null ? "--name" : "--route-prefix")
                        + " applies to import paths only; a config file names its applications and route prefixes");
            }
            ServeConfigFile file = ServeConfigFile.load(Path.of(target));
            return new Target(file.applications(), file.httpOptions());
        }
        var app = ImportPaths.resolve(target, null);
        try {
            return new Target(List.of(new ConfiguredApplication(name == null ? "default" : name,
                    routePrefix == null ? "/" : routePrefix, app)), HttpOptions.defaults());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value: " + e.getMessage());
        }
    }

    private HttpOptions httpOptions(HttpOptions base) {
        return node.http(spec.commandLine(), base);
    }

    /** {@code http://host:port} to reach {@code address} from this machine (loopback for a wildcard address). */
    static String baseUrl(InetSocketAddress address) {
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address && !address.getAddress().isAnyLocalAddress()) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort();
    }

    private Resources nodeResources() {
        return node.resources(spec.commandLine());
    }

    static boolean isConfigFile(String target) {
        String lower = target.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }
}
