package dev.trellis.core.testing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java program in a child JVM for multi-process tests: started from the running JVM's
 * {@code java.home} with the test class path and the Trellis JVM flags; its stdout and stderr
 * go, line by line, to a log file under {@code target/child-jvms/} and to {@link #awaitLine}.
 * {@link #start} returns once the program prints its ready line, or stops it and throws when it
 * does not within the start timeout. The child's stdin stays open: {@link #send} writes a line
 * to it, and a program can treat end of input as "the test is gone" and exit.
 *
 * <p>{@link #kill()} is SIGKILL (a crash); {@link #close()} asks politely (SIGTERM) and kills
 * after a few seconds; both take the child's descendants too. Children still running when the
 * test JVM exits are killed by a shutdown hook, so none outlives a failed test.
 */
public final class ChildJvm implements AutoCloseable {
    /** Used when the test JVM was started without the {@code trellis.jvm.flags} system property. */
    public static final String DEFAULT_FLAGS = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4 "
            + "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED";

    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Set<ChildJvm> RUNNING = ConcurrentHashMap.newKeySet();
    /** The children this JVM started that {@link ChildLogsOnFailure} may still print, in start order. */
    private static final java.util.Queue<ChildJvm> STARTED = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final java.util.concurrent.atomic.AtomicLong SERIALS = new java.util.concurrent.atomic.AtomicLong();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ChildJvm::kill), "child-jvm-reaper"));
    }

    private final String name;
    private final long serial = SERIALS.getAndIncrement();
    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>();
    private boolean outputEnded;
    private String readyLine;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        RUNNING.add(this);
        STARTED.add(this);
        Thread.ofPlatform().daemon().name("child-jvm-" + name).start(this::pump);
    }

    /** A builder for a child running {@code mainClass}. */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName());
    }

    /**
     * Starts {@code mainClass} with {@code -Xmx<maxHeap>} and {@code args} without waiting for a
     * ready line; wait with {@link #awaitLine(String, Duration)}.
     */
    public static ChildJvm start(String name, String maxHeap, String mainClass, String... args) {
        return new Builder(mainClass).name(name).jvmArgs("-Xmx" + maxHeap).args(args).readyLine(null).start();
    }

    /** A free port on 127.0.0.1 ({@link FreePorts#next()}). */
    public static int freePort() {
        return FreePorts.next();
    }

    /** Waits for the first output line (from the start) matching {@code regex}; see {@link #awaitLine(Pattern, int, Duration)}. */
    public Matcher awaitLine(String regex, Duration timeout) {
        return awaitLine(Pattern.compile(regex), 0, timeout);
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** The file the child's output goes to. */
    public Path log() {
        return log;
    }

    /** The line that told the child was ready. */
    public String readyLine() {
        return readyLine;
    }

    /** Whether the child still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Writes {@code line} to the child's stdin. */
    public void send(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to child " + name + " (" + log + ")", e);
        }
    }

    /**
     * Waits for the first output line from index {@code from} on that matches {@code pattern}.
     *
     * @throws IllegalStateException when none arrives within {@code timeout} or the child's output ends
     */
    public Matcher awaitLine(Pattern pattern, int from, Duration timeout) {
        String line = lineMatching(pattern, from, timeout);
        Matcher m = pattern.matcher(line);
        m.find();
        return m;
    }

    private String lineMatching(Pattern pattern, int from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int next = from;
            while (true) {
                for (; next < lines.size(); next++) {
                    if (pattern.matcher(lines.get(next)).find()) {
                        return lines.get(next);
                    }
                }
                long left = deadline - System.nanoTime();
                if (outputEnded || left <= 0) {
                    throw new IllegalStateException("child " + name + (outputEnded ? " ended" : " printed nothing")
                            + " matching '" + pattern + "'" + (outputEnded ? "" : " within " + timeout)
                            + "; log " + log + ":\n" + tail(30));
                }
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for child " + name, e);
                }
            }
        }
    }

    /** How many lines the child has printed so far (a starting index for {@link #awaitLine}). */
    public int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** Sends {@code command} and waits for the first later line that matches {@code reply}. */
    public Matcher ask(String command, Pattern reply, Duration timeout) {
        int from = lineCount();
        send(command);
        return awaitLine(reply, from, timeout);
    }

    /** How many children this JVM has started so far (the serial number the next one gets). */
    static long startedCount() {
        return SERIALS.get();
    }

    /** The children this JVM started since {@code from} was {@link #startedCount()}, in start order. */
    static List<ChildJvm> startedSince(long from) {
        return STARTED.stream().filter(c -> c.serial >= from).toList();
    }

    /** Forgets the children that have ended (an earlier test class's), so their output can be collected. */
    static void forgetEnded() {
        STARTED.removeIf(c -> !c.isAlive());
    }

    /** The child's name. */
    public String name() {
        return name;
    }

    /** The last {@code n} lines the child printed. */
    public String tail(int n) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /**
     * SIGSTOP: the child stops answering anyone (heartbeats included) without its sockets closing,
     * as a long GC pause or a network partition looks to its peers. {@link #resume} undoes it.
     */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }

    /** Waits up to {@code timeout} for the child to exit on its own; its exit status, or -1 if it still runs. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return process.exitValue();
    }

    /** SIGKILL, the child and its descendants: a crash, no shutdown hooks run. */
    public void kill() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitForExit(GRACE);
        RUNNING.remove(this);
    }

    /** Stops the child: SIGTERM, then SIGKILL when it has not exited within a few seconds. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                signal("CONT"); // a paused child would not act on SIGTERM
            } catch (RuntimeException e) {
                // it may have exited in between; the SIGTERM and SIGKILL below still apply
            }
            List<ProcessHandle> descendants = process.toHandle().descendants().toList();
            process.destroy();
            if (!waitForExit(GRACE)) {
                process.destroyForcibly();
                waitForExit(GRACE);
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        RUNNING.remove(this);
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void pump() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the child is gone; what it printed is in the log
        } finally {
            synchronized (lines) {
                outputEnded = true;
                lines.notifyAll();
            }
        }
    }

    /** Builds and starts a {@link ChildJvm}. */
    public static final class Builder {
        private final String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private String name;
        private Path logDir = Path.of("target", "child-jvms");
        private Pattern readyLine = Pattern.compile("^READY\\b");
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder(String mainClass) {
            this.mainClass = mainClass;
            this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        }

        /** Program arguments. */
        public Builder args(String... args) {
            this.args.addAll(Arrays.asList(args));
            return this;
        }

        /** Extra JVM options (after the Trellis flags), e.g. {@code -Xmx256m}. */
        public Builder jvmArgs(String... jvmArgs) {
            this.jvmArgs.addAll(Arrays.asList(jvmArgs));
            return this;
        }

        /** Names the child in messages and its log file. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /** Where the log file goes (default {@code target/child-jvms}). */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /**
         * The stdout line that says the child is ready (default: a line starting with {@code READY});
         * null to return as soon as the process started.
         */
        public Builder readyLine(Pattern readyLine) {
            this.readyLine = readyLine;
            return this;
        }

        /** How long {@link #start} waits for the ready line (default 30 s). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Starts the child and waits for its ready line; the child is stopped when that fails. */
        public ChildJvm start() {
            var command = new ArrayList<String>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(Arrays.asList(System.getProperty("trellis.jvm.flags", DEFAULT_FLAGS).trim().split("\\s+")));
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClass);
            command.addAll(args);
            ChildJvm child;
            try {
                Files.createDirectories(logDir);
                Path log = logDir.resolve(name + "-" + System.currentTimeMillis() + ".log");
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                child = new ChildJvm(name, process, log);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start child JVM " + name + ": " + command, e);
            }
            if (readyLine == null) {
                return child;
            }
            try {
                child.readyLine = child.lineMatching(readyLine, 0, startTimeout);
                return child;
            } catch (RuntimeException e) {
                child.kill();
                throw e;
            }
        }
    }
}
