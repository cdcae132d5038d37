package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import dev.trellis.core.testing.FreePorts;

/**
 * Runs examples/cluster/walkthrough.sh, the README's three-node walk-through in one script, as a
 * user would (with free ports, and this module's class path standing in for ./trellis): three
 * node JVMs started by {@code trellis start}, the iris and taxi-tips config deployed with
 * replicas spread over the nodes, every proxy answering, a worker killed with SIGKILL under load
 * and its replicas replaced, then every node stopped.
 */
@Timeout(420)
class ClusterWalkthroughTest {
    private static final Path SCRIPT = Path.of("..", "examples", "cluster", "walkthrough.sh").toAbsolutePath().normalize();
    private static final Pattern STARTED = Pattern.compile("Started Trellis (head|worker) node (\\S+) at \\S+ \\(pid (\\d+),");

    @TempDir
    Path dir;

    @Test
    void theWalkthroughSpreadsReplicasServesOnEveryNodeAndRecoversFromAKilledWorker() throws Exception {
        Path trellis = dir.resolve("trellis");
        String command = BackgroundLauncher.javaCommand(List.of()).stream().map(ClusterWalkthroughTest::quote)
                .collect(Collectors.joining(" "));
        Files.writeString(trellis, "#!/usr/bin/env bash\nexec " + command + " \"$@\"\n");
        Files.setPosixFilePermissions(trellis, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = dir.resolve("walkthrough.txt");
        var builder = new ProcessBuilder("bash", SCRIPT.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = builder.environment();
        env.put("TRELLIS", trellis.toString());
        env.put("CLUSTER_PORT", String.valueOf(FreePorts.next()));
        env.put("ADMIN_PORT", String.valueOf(FreePorts.next()));
        int headHttp = FreePorts.next();
        int w1Http = FreePorts.next();
        int w2Http = FreePorts.next();
        env.put("HEAD_HTTP", String.valueOf(headHttp));
        env.put("W1_HTTP", String.valueOf(w1Http));
        env.put("W2_HTTP", String.valueOf(w2Http));
        env.put("LOAD_SECONDS", "15");
        env.put("LOAD_TOOL", "curl");
        env.put("RECOVERY_SECONDS", "90");
        env.put("PATH", System.getenv("PATH") + ":/usr/bin:/bin");
        env.remove("TRELLIS_ADDRESS");
        Process p = builder.start();
        boolean ended = p.waitFor(360, TimeUnit.SECONDS);
        if (!ended) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(out);
        List<Long> pids = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        Matcher m = STARTED.matcher(output);
        while (m.find()) {
            nodes.add(m.group(2));
            pids.add(Long.parseLong(m.group(3)));
        }
        try {
            assertThat(ended).as("the walk-through did not end within 360 s:\n" + output).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(nodes).as(output).hasSize(3);
            String victim = nodes.get(2);

            String deployed = section(output, "== serve status", "== answers");
            // Replicas spread: every node runs some, and each 2-replica deployment is on two nodes.
            for (String node : nodes) {
                assertThat(deployed).as(deployed).contains(node);
            }
            assertThat(deployed).doesNotContainPattern("\\S+ x2");
            for (int port : List.of(headHttp, w1Http, w2Http)) {
                assertThat(output).contains("proxy :" + port + " /ensemble -> {\"logistic\":\"setosa\",\"svm\":");
            }
            assertThat(output).containsPattern("proxy :" + w1Http + " /tips -> \\[0\\.\\d+,0\\.\\d+,0\\.\\d+]");

            assertThat(output).contains("killing worker " + victim);
            String recovered = section(output, "== recovered", "== load");
            assertThat(recovered).contains("without " + victim).doesNotContain(victim + " ")
                    .doesNotContain("UPDATING").doesNotContain("UNHEALTHY");
            assertThat(recovered).contains(nodes.get(0)).contains(nodes.get(1));

            // Load during the kill: answered 200, or 503 for calls running on the killed node.
            Map<String, Integer> statuses = new HashMap<>();
            Matcher counts = Pattern.compile("^\\s+(\\d+) (\\d{3})$", Pattern.MULTILINE)
                    .matcher(section(output, "== load: requests by HTTP status", "== stopping"));
            while (counts.find()) {
                statuses.put(counts.group(2), Integer.parseInt(counts.group(1)));
            }
            System.out.println("walk-through: " + recovered.lines().findFirst().orElse("") + "; load " + statuses);
            assertThat(statuses.getOrDefault("200", 0)).as(output).isGreaterThan(10);
            assertThat(statuses.keySet()).as(output).allMatch(s -> s.equals("200") || s.equals("503"));
            assertThat(output).contains("== stopping every node started here");
        } finally {
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (long pid : pids) {
            var handle = ProcessHandle.of(pid);
            assertThat(handle.isEmpty() || !handle.get().isAlive()).as("node pid " + pid + " still runs after stop")
                    .isTrue();
        }
        assertThat(new LinkedHashSet<>(nodes)).hasSize(3);
    }

    /** The text from the line starting with {@code from} to the next starting with {@code to}. */
    private static String section(String output, String from, String to) {
        int start = output.indexOf(from);
        assertThat(start).as("no '" + from + "' in:\n" + output).isNotNegative();
        int end = output.indexOf(to, start + from.length());
        return end < 0 ? output.substring(start) : output.substring(start, end);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
