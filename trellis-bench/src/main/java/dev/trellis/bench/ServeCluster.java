package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Serve cluster of node JVMs on 127.0.0.1 that a benchmark starts ({@link ServeClusterNode}:
 * NodeMain with an HTTP proxy on every node and the admin API on the head), the way
 * {@code ServeClusterMultiJvmTest} runs one: the head first, then the workers, every port a free
 * ephemeral one, every wait bounded. {@link #close} stops every node still running, all at once,
 * also after a failure; {@link Node#kill} ends one with SIGKILL.
 */
final class ServeCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STARTED = System.nanoTime();
    private static final Duration START = Duration.ofSeconds(90);
    private static final Pattern READY = Pattern.compile("(\\S+) ready at (\\S+) \\((\\w+)\\)");
    private static final Pattern PORT = Pattern.compile(":(\\d+)$");
    /** Each node's heap; a node holds a replica or two and the proxy. */
    static final List<String> HEAP = List.of("-Xmx512m");

    /** One node: its process, its node id and its proxy's port (and the head's admin port, else 0). */
    record Node(String name, JvmProcess process, String id, int proxyPort, int adminPort) {
        void kill() throws InterruptedException {
            process.kill();
        }
    }

    private final Path logs;
    private final List<String> nodeArgs;
    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private int clusterPort;
    private Node head;

    /** {@code nodeArgs} go to every node (e.g. the failure detector's options). */
    ServeCluster(Path logs, List<String> nodeArgs) {
        this.logs = logs;
        this.nodeArgs = List.copyOf(nodeArgs);
    }

    /** Starts the head ({@code --num-cpus cpus}, an admin port) and waits until it is ready. */
    Node startHead(String name, double cpus) throws IOException, InterruptedException {
        if (head != null) {
            throw new IllegalStateException("the head is already started");
        }
        clusterPort = freePort();
        List<String> args = new ArrayList<>(List.of("--head", "--cluster-port", String.valueOf(clusterPort),
                "--num-cpus", String.valueOf(cpus), "--http-port", String.valueOf(freePort()), "--admin-port",
                String.valueOf(freePort())));
        args.addAll(nodeArgs);
        JvmProcess process = JvmProcess.start(name, HEAP, ServeClusterNode.class, args, logs);
        try {
            int proxy = port(process.awaitLine("trellis serve proxy at ", START), process);
            int admin = port(process.awaitLine("trellis serve admin at ", START), process);
            head = register(name, process, proxy, admin);
            return head;
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
    }

    /** Starts workers joining the head, each with {@code --num-cpus cpus}, side by side; waits until all are ready. */
    List<Node> startWorkers(List<String> names, double cpus) throws IOException, InterruptedException {
        if (head == null) {
            throw new IllegalStateException("start the head first");
        }
        List<JvmProcess> started = new ArrayList<>();
        try {
            for (String name : names) {
                List<String> args = new ArrayList<>(List.of("--address", "127.0.0.1:" + clusterPort, "--num-cpus",
                        String.valueOf(cpus), "--http-port", String.valueOf(freePort())));
                args.addAll(nodeArgs);
                started.add(JvmProcess.start(name, HEAP, ServeClusterNode.class, args, logs));
            }
            List<Node> workers = new ArrayList<>();
            for (JvmProcess process : started) {
                int proxy = port(process.awaitLine("trellis serve proxy at ", START), process);
                workers.add(register(process.name(), process, proxy, 0));
            }
            return workers;
        } catch (RuntimeException | InterruptedException e) {
            for (JvmProcess p : started) {
                if (nodes.stream().noneMatch(n -> n.process() == p)) {
                    p.close();
                }
            }
            throw e;
        }
    }

    private Node register(String name, JvmProcess process, int proxy, int admin) throws InterruptedException {
        Matcher ready = READY.matcher(process.awaitLine("trellis node ", START));
        if (!ready.find()) {
            throw new IllegalStateException(name + "'s ready line has no node id; see " + process.log());
        }
        Node node = new Node(name, process, ready.group(1), proxy, admin);
        nodes.add(node);
        note("%s: node %s, proxy on port %d%s", name, node.id(), proxy, admin > 0 ? ", admin on " + admin : "");
        return node;
    }

    Node head() {
        return head;
    }

    /** Deploys a Serve config (YAML) through the head's admin API, as {@code serve deploy} does. */
    void deploy(String yaml) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(adminUri())
                .header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofString(yaml))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the admin API refused the config (" + r.statusCode() + "): " + r.body()
                    + "\n" + yaml);
        }
    }

    /** One deployment's status from the head's admin API ({@code replicas[]} with state and node_id); null if none. */
    JsonNode deployment(String app, String deployment) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(adminUri()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the admin API answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode d = JSON.readTree(r.body()).path("applications").path(app).path("deployments").path(deployment);
        return d.isMissingNode() ? null : d;
    }

    /**
     * Polls the deployment's status until {@code until} holds for its RUNNING replicas' node ids.
     *
     * @throws IllegalStateException with the last status after {@code timeout}
     */
    List<String> awaitRunning(String app, String deployment, Predicate<List<String>> until, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = deployment(app, deployment);
            List<String> running = runningNodes(last);
            if (until.test(running)) {
                return running;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("deployment " + app + "/" + deployment + " did not get there within "
                + timeout.toSeconds() + " s; last status: " + last);
    }

    /** The node ids of a deployment status's RUNNING replicas (one entry per replica). */
    static List<String> runningNodes(JsonNode deployment) {
        List<String> out = new ArrayList<>();
        if (deployment != null) {
            for (JsonNode r : deployment.path("replicas")) {
                if (r.path("state").asText().equals("RUNNING")) {
                    out.add(r.path("node_id").asText());
                }
            }
        }
        return out;
    }

    /**
     * One application of a Serve config: its ingress deployment with {@code replicas} replicas of
     * {@code cpus} CPUs each, {@value BenchApps#MAX_ONGOING_REQUESTS} max ongoing requests and the
     * proxies' access log off for it;
     * {@code modelArg}, if not null, is passed as {@code args: {model: ...}}.
     */
    static String application(String name, String route, String importPath, String modelArg, String deployment,
            int replicas, double cpus) {
        return "  - name: " + name + "\n"
                + "    route_prefix: " + route + "\n"
                + "    import_path: " + importPath + "\n"
                + (modelArg == null ? "" : "    args:\n      model: " + JSON.valueToTree(modelArg) + "\n")
                + "    deployments:\n"
                + "      - name: " + deployment + "\n"
                + "        num_replicas: " + replicas + "\n"
                + "        max_ongoing_requests: " + BenchApps.MAX_ONGOING_REQUESTS + "\n"
                + "        logging_config:\n"
                + "          enable_access_log: false\n"
                + "        ray_actor_options:\n"
                + "          num_cpus: " + cpus + "\n";
    }

    /** A Serve config of {@link #application}s. */
    static String config(String... applications) {
        return "applications:\n" + String.join("", applications);
    }

    private URI adminUri() {
        return URI.create("http://127.0.0.1:" + head.adminPort() + "/api/serve/applications/");
    }

    private static int port(String url, JvmProcess process) {
        Matcher m = PORT.matcher(url.strip());
        if (!m.find()) {
            throw new IllegalStateException(process.name() + " printed a URL without a port: '" + url + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    /** A progress line on standard error (the benchmark's log), with the seconds since this JVM started. */
    static void note(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[%.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9,
                String.format(Locale.ROOT, format, args));
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops every node (a killed one is already gone), all at once, each bounded by {@link JvmProcess#close}. */
    @Override
    public void close() throws InterruptedException {
        http.shutdownNow();
        List<Thread> stopping = new ArrayList<>();
        for (Node node : nodes) {
            stopping.add(Thread.ofPlatform().name("stop-" + node.name()).start(() -> {
                try {
                    node.process().close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : stopping) {
            t.join();
        }
        nodes.clear();
    }
}
