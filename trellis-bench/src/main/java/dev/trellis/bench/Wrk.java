package dev.trellis.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the wrk load generator (installed by {@code trellis-bench/run}) for a fixed time at a
 * fixed number of keep-alive connections, with min(2, connections) threads. The process is
 * killed if it overruns its duration by {@value #GRACE_SECONDS} s.
 */
final class Wrk {
    private static final int GRACE_SECONDS = 30;

    private Wrk() {
    }

    static WrkResult run(String url, int connections, Duration duration) throws IOException, InterruptedException {
        return run(url, null, connections, duration);
    }

    /**
     * As {@link #run(String, int, Duration)}; with a non-null {@code jsonBody}, every request is a
     * POST of that body with {@code Content-Type: application/json} (through a wrk Lua script).
     */
    static WrkResult run(String url, String jsonBody, int connections, Duration duration)
            throws IOException, InterruptedException {
        int threads = Math.min(2, connections);
        List<String> command = new java.util.ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "5s", "--latency"));
        if (jsonBody != null) {
            command.addAll(List.of("-s", postScript(jsonBody).toString()));
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = readAll(process.getInputStream());
        if (!process.waitFor(duration.toSeconds() + GRACE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in time");
        }
        String report;
        try {
            report = output.get(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the output of wrk", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                    + ":\n" + report);
        }
        return WrkResult.parse(report);
    }

    /** A wrk script that POSTs {@code jsonBody}; written once per body into a temporary file. */
    private static java.nio.file.Path postScript(String jsonBody) throws IOException {
        String lua = "wrk.method = \"POST\"\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.body = " + luaString(jsonBody) + "\n";
        var file = java.nio.file.Files.createTempFile("trellis-wrk-post", ".lua");
        file.toFile().deleteOnExit();
        return java.nio.file.Files.writeString(file, lua);
    }

    /** {@code text} as a Lua string literal. */
    static String luaString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        var result = new CompletableFuture<String>();
        Thread.ofVirtual().name("wrk-output").start(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return result;
    }
}
