package dev.trellis.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started by a test as a separate process, with the test's class path and Trellis' JVM
 * flags, its output in a log file. {@link #awaitLine} waits (bounded) for a line; {@link #kill}
 * is SIGKILL; {@link #close} stops it (and its descendants) whatever happened.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String name;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with {@code args}; output goes to {@code target/child-jvms/NAME.log}. */
    public static ChildJvm start(String name, String maxHeap, String mainClass, String... args) throws IOException {
        Path dir = Path.of("target", "child-jvms");
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        cmd.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism=4");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildJvm(name, p, log);
    }

    /** Waits until a line of the log matches {@code regex}; returns the match. */
    public Matcher awaitLine(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before printing '"
                        + regex + "'; log:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not print '" + regex + "' within " + timeout + "; log:\n"
                + Files.readString(log));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: the process dies at once, without leaving the cluster. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        Optional.of(process).filter(Process::isAlive).ifPresent(Process::destroy);
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** A free TCP port on 127.0.0.1 (free when asked; good enough for tests on one machine). */
    public static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
