package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import dev.trellis.core.testing.FreePorts;

/**
 * The README's Core commands as a user runs them, each a JVM of its own in one directory: a head
 * and two workers with {@code trellis start}, then {@code trellis run} of the two Core examples
 * on them (Monte Carlo pi, whose tasks must spread over the nodes, and the actor parameter
 * server), then {@code trellis stop}.
 */
@Timeout(300)
class CoreExamplesOnClusterTest {
    private static final Pattern STARTED = Pattern.compile("Started Trellis (?:head|worker) node (\\S+) at \\S+ \\(pid (\\d+),");

    @TempDir
    Path dir;

    private record Run(int exitCode, String out) {
    }

    private Run trellis(String... args) throws Exception {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Process p = new ProcessBuilder(BackgroundLauncher.javaCommand(List.of(args))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("trellis " + String.join(" ", args) + " did not end within 120 s:\n"
                    + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out));
    }

    @Test
    void piAndTheParameterServerRunOnAThreeNodeClusterStartedFromOneDirectory() throws Exception {
        String head = "127.0.0.1:" + FreePorts.next();
        List<Long> pids = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        try {
            for (List<String> start : List.of(
                    List.of("start", "--head", "--cluster-port", head.substring(head.indexOf(':') + 1), "--num-cpus", "1",
                            "--port", "0", "--admin-port", "0"),
                    List.of("start", "--address", head, "--num-cpus", "1", "--port", "0"),
                    List.of("start", "--address", head, "--num-cpus", "1", "--port", "0"))) {
                Run run = trellis(start.toArray(String[]::new));
                Matcher m = STARTED.matcher(run.out());
                assertThat(run.exitCode()).as(run.out()).isZero();
                assertThat(m.find()).as(run.out()).isTrue();
                nodes.add(m.group(1));
                pids.add(Long.parseLong(m.group(2)));
            }

            Run pi = trellis("run", "dev.trellis.examples.core.MonteCarloPi", "--tasks", "12",
                    "--samples-per-task", "200000", "--address", head);
            assertThat(pi.exitCode()).as(pi.out()).isZero();
            Matcher estimate = Pattern.compile("pi ~ (\\d\\.\\d+)").matcher(pi.out());
            assertThat(estimate.find()).as(pi.out()).isTrue();
            assertThat(Double.parseDouble(estimate.group(1))).isBetween(3.10, 3.18);
            var perNode = new TreeMap<String, Integer>();
            Matcher line = Pattern.compile("^  (\\S+): (\\d+)$", Pattern.MULTILINE)
                    .matcher(pi.out().substring(pi.out().indexOf("tasks per node:")));
            while (line.find()) {
                perNode.put(line.group(1), Integer.parseInt(line.group(2)));
            }
            System.out.println("MonteCarloPi on three nodes: tasks per node " + perNode);
            assertThat(perNode.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
            assertThat(nodes).containsAll(perNode.keySet());
            assertThat(perNode).as("12 one-CPU tasks on three one-CPU nodes spread").hasSizeGreaterThanOrEqualTo(2);

            Run training = trellis("run", "dev.trellis.examples.core.ParameterServer", "--iterations", "20",
                    "--workers", "3", "--address", head);
            assertThat(training.exitCode()).as(training.out()).isZero();
            Matcher loss = Pattern.compile("final loss (\\d+\\.\\d+) \\(initial (\\d+\\.\\d+)").matcher(training.out());
            assertThat(loss.find()).as(training.out()).isTrue();
            assertThat(Double.parseDouble(loss.group(1))).isLessThan(Double.parseDouble(loss.group(2)) / 10);

            Run stop = trellis("stop");
            assertThat(stop.exitCode()).as(stop.out()).isZero();
        } finally {
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (long pid : pids) {
            var handle = ProcessHandle.of(pid);
            assertThat(handle.isEmpty() || !handle.get().isAlive()).as("node " + pid + " runs after stop").isTrue();
        }
    }
}
