package dev.trellis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts {@code trellis start --block} as a background JVM, as {@code ray start} does: the same
 * java, class path and flags as this one, output appended to the log file, no terminal. Waits,
 * bounded, until its admin API answers {@code /-/healthz}, or until it exits (a port taken...),
 * in which case the new lines of its log say why.
 */
final class BackgroundLauncher {
    /** The flags every Trellis JVM runs with (as the ./trellis launcher sets them). */
    static final List<String> JVM_FLAGS = List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=4",
            "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 15;

    private final PrintWriter out;
    private final PrintWriter err;

    BackgroundLauncher(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** The command line of a JVM like this one running {@code trellis args...}. */
    static List<String> javaCommand(List<String> args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TrellisCli.class.getName());
        command.addAll(args);
        return command;
    }

    int launch(List<String> args, Path logFile, String adminHost, int adminPort, String token, Duration wait)
            throws InterruptedException {
        String address = "http://" + connectHost(adminHost) + ":" + adminPort;
        try (var client = new AdminClient(address, token)) {
            if (answers(client)) {
                err.println("Failed: a Trellis instance already answers at " + address
                        + "; stop it with `trellis stop --address " + address + "` or choose another --admin-port");
                return StartCommand.EXIT_FAILED;
            }
            Path log = logFile.toAbsolutePath();
            long logStart;
            Process process;
            try {
                Files.createDirectories(log.getParent());
                logStart = Files.exists(log) ? Files.size(log) : 0;
                process = new ProcessBuilder(javaCommand(args))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
            } catch (IOException e) {
                err.println("Failed: cannot start the background JVM (log " + log + "): " + e.getMessage());
                return StartCommand.EXIT_FAILED;
            }
            Instant deadline = Instant.now().plus(wait);
            while (!answers(client)) {
                if (!process.isAlive()) {
                    err.println("Failed: the Trellis instance exited with code " + process.exitValue()
                            + " before its admin API answered. From its log " + log + ":");
                    tail(log, logStart).forEach(line -> err.println("  " + line));
                    return StartCommand.EXIT_FAILED;
                }
                if (Instant.now().isAfter(deadline)) {
                    err.println("Failed: the Trellis instance (pid " + process.pid() + ") did not answer at " + address
                            + " within " + wait.toSeconds() + " s; it may still be starting: see " + log
                            + " and stop it with `trellis stop --address " + address + "`");
                    return StartCommand.EXIT_FAILED;
                }
                waitForExit(process);
            }
            JsonNode http = client.json(client.send("GET", "/api/serve/applications/", null, null)).path("http_options");
            out.println("Trellis started in the background (pid " + process.pid() + ").");
            out.println("  Admin API:  " + address);
            if (http.has("port")) {
                out.println("  HTTP proxy: http://" + connectHost(http.path("host").asText()) + ":" + http.path("port").asInt());
            }
            out.println("  Log:        " + log);
            String addressOption = address.equals(AdminAddressOptions.DEFAULT_ADDRESS) ? "" : " --address " + address;
            out.println("Next:");
            out.println("  trellis serve deploy CONFIG.yaml" + addressOption);
            out.println("  trellis serve status" + addressOption);
            out.println("  trellis stop" + addressOption);
            return 0;
        }
    }

    private static boolean answers(AdminClient client) {
        try {
            int status = client.send("GET", "/-/healthz", null, null).statusCode();
            return status == 200 || status == 401; // 401: up, but with another token
        } catch (AdminClient.Unreachable e) {
            return false;
        }
    }

    /** Waits a poll interval, returning early if the process exits meanwhile. */
    private static void waitForExit(Process process) throws InterruptedException {
        try {
            process.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still running: poll again
        }
    }

    static String connectHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1"
                : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The last lines written to {@code log} since {@code from}. */
    private static List<String> tail(Path log, long from) {
        try (var file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long start = Math.max(from, length - 16 * 1024);
            byte[] bytes = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read the log: " + e.getMessage() + ")");
        }
    }
}
