package dev.trellis.cli;

import dev.trellis.core.Resources;
import dev.trellis.core.internal.cluster.FailureDetectorOptions;
import dev.trellis.http.AdminServer;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.config.ConfigException;
import dev.trellis.serve.config.ServeConfigFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis start}, the counterpart of {@code ray start} plus {@code serve start}: a
 * long-running instance (the embedded runtime, its HTTP proxy and the admin API) that
 * {@code serve deploy/status/config/shutdown} and {@code trellis stop} talk to.
 *
 * <p>By default it launches the instance as a background JVM ({@code start --block}, logging
 * to {@code --log-file}), waits until its admin API answers (bounded by {@code --wait}) and
 * returns; with {@code --block} it runs the instance in this JVM until Ctrl-C, SIGTERM or
 * {@code trellis stop}. Exit codes: 0 started (or, with --block, stopped cleanly), 1 it failed
 * to start (a port taken, the instance died: the message and the log say why), 2 bad usage or
 * a bad initial config.
 */
@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = TrellisVersion.class, sortOptions = false,
        description = {"Starts a long-running Trellis instance: runtime, HTTP proxy and admin API.",
                "Returns once it answers (it runs in the background); --block runs it in the foreground."},
        footer = {"", "Examples:", "  trellis start", "  trellis start --port 8080 --admin-port 8265 examples/iris.yaml",
                "  TRELLIS_ADMIN_TOKEN=... trellis start --admin-host 0.0.0.0"})
final class StartCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG",
            description = "Optional Serve config file to deploy at start; its http_options set the proxy's defaults.")
    Path config;

    @Mixin
    NodeOptions node;

    @Option(names = "--admin-host", paramLabel = "HOST", defaultValue = AdminServer.DEFAULT_HOST,
            description = "Address of the admin API (default: ${DEFAULT-VALUE}); any other than loopback needs a token.")
    String adminHost;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "" + AdminServer.DEFAULT_PORT,
            description = "Port of the admin API (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the admin API's bearer token (default: env TRELLIS_ADMIN_TOKEN; none: loopback only).")
    Path tokenFile;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = ".trellis/trellis.log",
            description = "Where the background instance logs (default: ${DEFAULT-VALUE}, appended to).")
    Path logFile;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the background instance to answer (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--block", description = "Run the instance in this process until Ctrl-C, SIGTERM or `trellis stop`.")
    boolean block;

    @Mixin
    ObservabilityOptions observability;

    @Option(names = "--head", description = "Start a Trellis Core head node (the cluster's first node) in the background.")
    boolean head;

    @Option(names = "--address", paramLabel = "HOST:PORT",
            description = "Start a Trellis Core worker node joining the head at HOST:PORT, in the background.")
    String address;

    @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "6380",
            description = "The head's cluster port (default: ${DEFAULT-VALUE}); workers pick a free one.")
    int clusterPort;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of a cluster node's Prometheus metrics on 127.0.0.1 (http://127.0.0.1:PORT/metrics);"
                    + " default: a free port, printed at start and shown by `trellis status`.")
    Integer metricsPort;

    @Option(names = "--resources", paramLabel = "JSON",
            description = "Custom resources this node offers, e.g. '{\"special\": 2}'.")
    String customResources;

    @Option(names = "--cluster-keys", paramLabel = "DIR",
            description = "The cluster's shared keys (from ./trellis cluster-keys DIR): nodes talk TLS and only"
                    + " holders of the keys can join; needed for a --cluster-host beyond loopback"
                    + " (default: env TRELLIS_CLUSTER_KEYS, else the keys of the head started here).")
    Path clusterKeys;

    @Option(names = "--data-port", paramLabel = "PORT",
            description = "The port of a cluster node's data channel, which streams big objects to other nodes"
                    + " (default: a free port); it binds the --cluster-host too.")
    Integer dataPort;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "The address the node's cluster port binds (default: 127.0.0.1; others need --cluster-keys).")
    String clusterHost;

    @Option(names = "--proxy-location", paramLabel = "WHERE",
            description = "On a cluster node: where HTTP proxies run, EveryNode (default), HeadOnly or Disabled"
                    + " (Ray's proxy_location); give every node the same value.")
    String proxyLocation;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION",
            description = "How often a cluster node's failure detector heartbeats, e.g. 200ms or 1s (default: 1s);"
                    + " give every node the same.")
    String heartbeatInterval;

    @Option(names = "--heartbeat-pause", paramLabel = "DURATION",
            description = "How long a cluster node's heartbeats may be missing before it is unreachable"
                    + " (default: 3s); longer than --heartbeat-interval.")
    String heartbeatPause;

    @Option(names = "--stable-after", paramLabel = "DURATION",
            description = "How long membership must be stable before unreachable nodes are downed and their work"
                    + " restarted elsewhere (default: 7s).")
    String stableAfter;

    @Option(names = "--no-serve",
            description = "On a cluster node (--head/--address): run Trellis Core only, no Serve proxy, replicas or admin API.")
    boolean noServe;

    /**
     * Serve's part of a cluster node: every node's HTTP proxy (--host/--port; default 127.0.0.1:8000,
     * so each further node on one machine needs its own --port), and on the head the controller,
     * the admin API and the initial config.
     */
    private void addServeArguments(List<String> args) {
        var given = spec.commandLine().getParseResult();
        if (noServe) {
            args.addAll(List.of("--serve", "off"));
            return;
        }
        NodeOptions.add(args, "--http-host", node.host);
        NodeOptions.add(args, "--http-port", node.port);
        if (proxyLocation != null) {
            args.addAll(List.of("--proxy-location",
                    dev.trellis.serve.ProxyLocation.parse("--proxy-location", proxyLocation).configName()));
        }
        if (head) {
            args.addAll(List.of("--admin-host", adminHost, "--admin-port", String.valueOf(adminPort)));
            NodeOptions.add(args, "--admin-token-file", tokenFile == null ? null : tokenFile.toAbsolutePath());
            NodeOptions.add(args, "--serve-config", config == null ? null : config.toAbsolutePath());
            return;
        }
        // A worker's admin API is opt-in: it answers once the controller moved there (the head died).
        if (given.hasMatchedOption("--admin-port")) {
            args.addAll(List.of("--admin-host", adminHost, "--admin-port", String.valueOf(adminPort)));
            NodeOptions.add(args, "--admin-token-file", tokenFile == null ? null : tokenFile.toAbsolutePath());
        }
        if (config != null) {
            throw new IllegalArgumentException("a config file is deployed by the head (start --head CONFIG), not by a"
                    + " worker node; deploy to a running cluster with ./trellis serve deploy CONFIG");
        }
    }

    private Integer startClusterNode(PrintWriter out, PrintWriter err) throws InterruptedException, java.io.IOException {
        if (head && address != null) {
            throw new IllegalArgumentException("--head and --address exclude each other: a head starts a cluster,"
                    + " --address joins one");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new IllegalArgumentException("--metrics-port must be between 0 and 65535 (0: a free one), was "
                    + metricsPort);
        }
        if (dataPort != null && (dataPort < 0 || dataPort > 65535)) {
            throw new IllegalArgumentException("--data-port must be between 0 and 65535 (0: a free one), was "
                    + dataPort);
        }
        FailureDetectorOptions.of(failureDetectorOptions());
        var args = new ArrayList<String>();
        if (head) {
            args.addAll(List.of("--head", "--cluster-port", String.valueOf(clusterPort)));
        } else {
            args.addAll(List.of("--address", dev.trellis.core.TrellisOptions.checkAddress(address)));
        }
        NodeOptions.add(args, "--num-cpus", node.numCpus);
        NodeOptions.add(args, "--num-gpus", node.numGpus);
        NodeOptions.add(args, "--resources", customResources);
        NodeOptions.add(args, "--host", clusterHost);
        NodeOptions.add(args, "--data-port", dataPort);
        failureDetectorOptions().forEach((name, value) -> NodeOptions.add(args, "--" + name, value));
        Path keys = clusterKeys != null ? clusterKeys : head ? null : NodeProcesses.clusterKeys().orElse(null);
        if (keys != null) {
            dev.trellis.core.internal.cluster.ClusterKeys.load(keys);
            args.addAll(List.of("--cluster-keys", keys.toAbsolutePath().toString()));
        }
        NodeOptions.add(args, "--metrics-port", metricsPort == null ? 0 : metricsPort);
        addServeArguments(args);
        try {
            int exit = NodeProcesses.launch(args, Duration.ofSeconds(waitSeconds), out, err);
            if (exit == 0 && head && keys != null) {
                NodeProcesses.recordClusterKeys(keys);
            }
            return exit;
        } catch (java.io.IOException e) {
            err.println("Failed: cannot start the node: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    /** The failure detector's options given, by NodeMain's names (without dashes), in a fixed order. */
    private Map<String, String> failureDetectorOptions() {
        var given = new LinkedHashMap<String, String>();
        if (heartbeatInterval != null) {
            given.put(FailureDetectorOptions.HEARTBEAT_INTERVAL, heartbeatInterval);
        }
        if (heartbeatPause != null) {
            given.put(FailureDetectorOptions.HEARTBEAT_PAUSE, heartbeatPause);
        }
        if (stableAfter != null) {
            given.put(FailureDetectorOptions.STABLE_AFTER, stableAfter);
        }
        return given;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (head || address != null) {
                return startClusterNode(out, err);
            }
            if (!failureDetectorOptions().isEmpty()) {
                throw new IllegalArgumentException("--" + failureDetectorOptions().keySet().iterator().next()
                        + " is for cluster nodes (--head or --address): a single instance has no other node to watch");
            }
            if (metricsPort != null) {
                throw new IllegalArgumentException("--metrics-port is for cluster nodes (--head or --address); this"
                        + " instance serves its metrics on the admin API's /metrics (--admin-port)");
            }
            if (proxyLocation != null) {
                throw new IllegalArgumentException("--proxy-location is for cluster nodes (--head or --address); this"
                        + " instance is one node, whose proxy runs (--port)");
            }
            String token = AdminAddressOptions.token(tokenFile);
            ServeConfigFile initial = config == null ? null : ServeConfigFile.load(config);
            if (initial != null && initial.proxyLocation().orElse(null) == dev.trellis.serve.ProxyLocation.DISABLED) {
                throw new IllegalArgumentException("proxy_location Disabled in " + config + " is for cluster nodes"
                        + " (trellis start --head CONFIG); this one-JVM instance always runs its HTTP proxy");
            }
            HttpOptions http = httpOptions(initial == null ? HttpOptions.defaults() : initial.httpOptions());
            if (block) {
                return new ForegroundInstance(out, err, observability).run(nodeResources(), http, adminHost, adminPort,
                        token, initial);
            }
            if (waitSeconds < 1) {
                throw new IllegalArgumentException("--wait must be >= 1 second, was " + waitSeconds);
            }
            if (adminPort == 0) {
                throw new IllegalArgumentException("--admin-port 0 needs --block: the background instance's port must be known");
            }
            return new BackgroundLauncher(out, err).launch(childArguments(), logFile, adminHost, adminPort, token,
                    Duration.ofSeconds(waitSeconds));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("Invalid value: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (java.io.IOException e) {
            err.println("Failed: " + e.getMessage());
            return EXIT_FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The arguments of {@code start --block} that run this same instance in the background JVM. */
    private List<String> childArguments() {
        var args = new ArrayList<String>(List.of("start", "--block", "--admin-host", adminHost, "--admin-port",
                String.valueOf(adminPort)));
        node.addGiven(args);
        add(args, "--admin-token-file", tokenFile == null ? null : tokenFile.toAbsolutePath());
        add(args, "--log-encoding", observability.logEncoding);
        add(args, "--otlp-endpoint", observability.otlpEndpoint);
        if (config != null) {
            args.add(config.toAbsolutePath().toString());
        }
        return args;
    }

    private static void add(List<String> args, String option, Object value) {
        NodeOptions.add(args, option, value);
    }

    private HttpOptions httpOptions(HttpOptions base) {
        return node.http(spec.commandLine(), base);
    }

    private Resources nodeResources() {
        return node.resources(spec.commandLine());
    }
}
