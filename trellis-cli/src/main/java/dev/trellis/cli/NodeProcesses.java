package dev.trellis.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Trellis Core node processes started from a directory ({@code trellis start --head} /
 * {@code --address}): each a background JVM running {@code NodeMain}, logging to
 * {@code .trellis/node-PID.log}, recorded as {@code .trellis/nodes/PID} (holding its node id,
 * address, role and metrics URL) so {@code trellis stop} stops the nodes started from that
 * directory and {@code trellis status} shows where their metrics are.
 */
final class NodeProcesses {
    static final String NODE_MAIN = "dev.trellis.core.internal.runtime.NodeMain";
    private static final Pattern READY = Pattern.compile("trellis node (\\S+) ready at (\\S+) \\((\\w+)\\)");
    private static final Pattern METRICS = Pattern.compile("trellis node \\S+ metrics at (\\S+)");
    private static final Pattern PROXY = Pattern.compile("trellis serve proxy at (\\S+)");
    private static final Pattern ADMIN = Pattern.compile("trellis serve admin at (\\S+)");
    private static final Path DIR = Path.of(".trellis");
    private static final Path NODES = DIR.resolve("nodes");
    /** The head started from this directory, for {@code trellis status} and drivers without --address. */
    static final Path HEAD_ADDRESS = DIR.resolve("head-address");
    /** The cluster keys directory the head started here uses, for the nodes and drivers started after it. */
    static final Path CLUSTER_KEYS = DIR.resolve("cluster-keys");

    private NodeProcesses() {
    }

    /** Starts a node JVM with {@code args}; returns its exit status for the CLI (0 when it is up). */
    static int launch(List<String> args, Duration wait, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        Files.createDirectories(NODES);
        Path log = Files.createTempFile(DIR, "node-", ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=4",
                "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), NODE_MAIN));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log);
            Matcher m = READY.matcher(output);
            if (m.find()) {
                Matcher metrics = METRICS.matcher(output);
                String metricsUrl = metrics.find() ? metrics.group(1) : null;
                Files.writeString(NODES.resolve(String.valueOf(p.pid())), m.group(1) + " " + m.group(2) + " " + m.group(3)
                        + (metricsUrl == null ? "" : " " + metricsUrl));
                if (m.group(3).equals("head")) {
                    Files.writeString(HEAD_ADDRESS, m.group(2));
                }
                Path named = DIR.resolve("node-" + p.pid() + ".log");
                Files.move(log, named);
                out.println("Started Trellis " + m.group(3) + " node " + m.group(1) + " at " + m.group(2) + " (pid "
                        + p.pid() + ", log " + named + ").");
                if (metricsUrl != null) {
                    out.println("Metrics: " + metricsUrl);
                }
                Matcher proxy = PROXY.matcher(output);
                if (proxy.find()) {
                    out.println("HTTP proxy: " + proxy.group(1));
                }
                Matcher admin = ADMIN.matcher(output);
                if (admin.find()) {
                    out.println("Admin API: " + admin.group(1) + " (./trellis serve deploy CONFIG, ./trellis serve status)");
                }
                if (m.group(3).equals("head")) {
                    out.println("Join it with: ./trellis start --address " + m.group(2));
                }
                return 0;
            }
            if (!p.isAlive()) {
                err.println("Failed: the node exited with " + p.exitValue() + ":\n" + Files.readString(log));
                return StartCommand.EXIT_FAILED;
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        err.println("Failed: the node did not start within " + wait.toSeconds() + " s; log: " + log);
        return StartCommand.EXIT_FAILED;
    }

    /** Stops the nodes recorded in this directory (or, with {@code all}, every node JVM of this user); returns how many. */
    static int stop(boolean all, Duration timeout, PrintWriter out) throws IOException {
        List<ProcessHandle> nodes = new ArrayList<>();
        if (all) {
            ProcessHandle.allProcesses()
                    .filter(h -> h.info().commandLine().map(c -> c.contains(NODE_MAIN)).orElse(false))
                    .forEach(nodes::add);
        } else if (Files.isDirectory(NODES)) {
            try (Stream<Path> files = Files.list(NODES)) {
                for (Path f : files.toList()) {
                    Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(f.getFileName().toString()));
                    h.filter(ProcessHandle::isAlive).ifPresent(nodes::add);
                }
            }
        }
        // Workers first, the head last, so the directory sees them leave.
        nodes.sort((a, b) -> Boolean.compare(isHead(a), isHead(b)));
        for (ProcessHandle h : nodes) {
            h.destroy();
            try {
                h.onExit().get(timeout.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
            out.println("Stopped node (pid " + h.pid() + ").");
            Files.deleteIfExists(NODES.resolve(String.valueOf(h.pid())));
        }
        if (Files.isDirectory(NODES)) {
            try (Stream<Path> files = Files.list(NODES)) {
                for (Path f : files.toList()) {
                    if (ProcessHandle.of(Long.parseLong(f.getFileName().toString())).isEmpty()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
        Files.deleteIfExists(HEAD_ADDRESS);
        Files.deleteIfExists(CLUSTER_KEYS);
        return nodes.size();
    }

    private static boolean isHead(ProcessHandle h) {
        return h.info().commandLine().map(c -> c.contains("--head")).orElse(false);
    }

    /** The metrics URLs of the live nodes started from this directory, by node id. */
    static Map<String, String> recordedMetrics() throws IOException {
        var urls = new TreeMap<String, String>();
        if (Files.isDirectory(NODES)) {
            try (Stream<Path> files = Files.list(NODES)) {
                for (Path f : files.toList()) {
                    boolean alive = ProcessHandle.of(Long.parseLong(f.getFileName().toString()))
                            .map(ProcessHandle::isAlive).orElse(false);
                    String[] fields = Files.readString(f).trim().split(" ");
                    if (alive && fields.length >= 4) {
                        urls.put(fields[0], fields[3]);
                    }
                }
            }
        }
        return urls;
    }

    /** The head address recorded by {@code start --head} in this directory, if any. */
    static Optional<String> recordedHead() throws IOException {
        return Files.exists(HEAD_ADDRESS) ? Optional.of(Files.readString(HEAD_ADDRESS).trim()) : Optional.empty();
    }

    /** The cluster keys to use: {@code $TRELLIS_CLUSTER_KEYS}, else those the head started here uses, else none. */
    static Optional<Path> clusterKeys() throws IOException {
        String env = System.getenv(dev.trellis.core.Trellis.CLUSTER_KEYS_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env.trim()));
        }
        return Files.exists(CLUSTER_KEYS) ? Optional.of(Path.of(Files.readString(CLUSTER_KEYS).trim())) : Optional.empty();
    }

    static void recordClusterKeys(Path keys) throws IOException {
        Files.createDirectories(DIR);
        Files.writeString(CLUSTER_KEYS, keys.toAbsolutePath().toString());
    }
}
