package dev.trellis.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the harness starts: the same {@code java}, JVM flags and class path as the harness
 * itself (so servers run with the launcher's flags, set once in {@code trellis-bench/run}).
 * Its standard error goes to a log file; its standard output is read line by line. Every wait
 * is bounded, and {@link #close} always ends the process: closing its standard input first
 * (see {@link Lifeline}), then SIGTERM, then SIGKILL.
 */
final class JvmProcess implements AutoCloseable {
    private static final String END = "\u0000end";

    private final String name;
    private final Process process;
    private final Path log;
    private final LinkedBlockingQueue<String> stdout = new LinkedBlockingQueue<>();

    private JvmProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        // A platform thread: a pipe read blocks its carrier, and a few such readers on virtual threads
        // would hold every carrier of a small machine, starving the caller's own virtual threads.
        Thread.ofPlatform().daemon().name(name + "-stdout").start(this::readStdout);
    }

    static JvmProcess start(String name, Class<?> mainClass, List<String> args, Path logDir) throws IOException {
        return start(name, List.of(), mainClass, args, logDir);
    }

    /** As above, with {@code jvmOptions} after the harness's own (so {@code -Xmx6g} there wins). */
    static JvmProcess start(String name, List<String> jvmOptions, Class<?> mainClass, List<String> args, Path logDir)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return command(name, command, logDir);
    }

    /**
     * Starts any program that follows the same protocol ({@link Lifeline}: a ready line on
     * standard output, stop when standard input closes), such as the Python peer server.
     */
    static JvmProcess command(String name, List<String> command, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new JvmProcess(name, process, log);
    }

    /**
     * Runs a benchmark's {@code main} in a JVM of its own (with {@code --quick} in quick mode) and
     * returns the JSON figures it prints on the line starting with {@code resultPrefix}.
     *
     * @throws IllegalStateException if no such line comes within {@code timeout}, or the JVM then exits non-zero
     */
    static com.fasterxml.jackson.databind.node.ObjectNode runForFigures(String name, Class<?> mainClass,
            BenchSettings settings, String resultPrefix, Duration timeout) throws IOException, InterruptedException {
        return runForFigures(name, mainClass, List.of(), settings, resultPrefix, timeout);
    }

    /** As above, with {@code args} before {@code --quick}. */
    static com.fasterxml.jackson.databind.node.ObjectNode runForFigures(String name, Class<?> mainClass,
            List<String> args, BenchSettings settings, String resultPrefix, Duration timeout)
            throws IOException, InterruptedException {
        return runForFigures(name, List.of(), mainClass, args, settings, resultPrefix, timeout);
    }

    /** As above, with {@code jvmOptions} after the harness's own. */
    static com.fasterxml.jackson.databind.node.ObjectNode runForFigures(String name, List<String> jvmOptions,
            Class<?> mainClass, List<String> args, BenchSettings settings, String resultPrefix, Duration timeout)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(args);
        if (settings.quick()) {
            all.add("--quick");
        }
        String line;
        try (var bench = start(name, jvmOptions, mainClass, all, settings.logDir())) {
            line = bench.awaitLine(resultPrefix, timeout);
            int status = bench.awaitExit(Duration.ofSeconds(60));
            if (status != 0) {
                throw new IllegalStateException(name + " exited with " + status + "; see " + bench.log());
            }
        }
        return (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
    }

    private void readStdout() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                stdout.add(line);
            }
        } catch (IOException e) {
            // The process ended; END below tells a waiting caller.
        }
        stdout.add(END);
    }

    /**
     * The rest of the first standard output line that starts with {@code prefix}.
     *
     * @throws IllegalStateException if the process ends or {@code timeout} passes first
     */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = stdout.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException(name + " printed no '" + prefix + "' line within "
                        + timeout.toSeconds() + " s; see " + log);
            }
            if (line.equals(END)) {
                stdout.add(END);
                throw new IllegalStateException(name + " ended before printing a '" + prefix + "' line; see " + log);
            }
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
    }

    /** Waits for the process to end by itself; its exit status, or an exception after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s; see " + log);
        }
        return process.exitValue();
    }

    Path log() {
        return log;
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the process at once with SIGKILL (no shutdown hook runs), and waits (bounded) until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") outlived SIGKILL by 10 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed: the process is on its way out.
        }
        if (process.waitFor(15, TimeUnit.SECONDS)) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
