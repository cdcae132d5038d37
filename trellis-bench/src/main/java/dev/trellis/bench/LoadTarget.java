package dev.trellis.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * An HTTP server under load: a {@link JvmProcess} started by {@link #launch} without waiting,
 * so that several start side by side; {@link #awaitReady} then waits for its URL (see
 * {@link Lifeline}) and checks that it answers {@link BenchApps#BODY} before any load is sent.
 */
final class LoadTarget implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final String label;
    private final JvmProcess process;
    /** Null: GET requests answered with {@link BenchApps#BODY}; otherwise every request POSTs this JSON. */
    private final String postBody;
    private String url;

    private LoadTarget(String label, JvmProcess process, String postBody) {
        this.label = label;
        this.process = process;
        this.postBody = postBody;
    }

    static LoadTarget launch(String label, String processName, Class<?> mainClass, List<String> args,
            BenchSettings settings) throws IOException {
        return new LoadTarget(label, JvmProcess.start(processName, mainClass, args, settings.logDir()), null);
    }

    /** A Trellis server in a JVM of its own, loaded with POSTs of {@code jsonBody}. */
    static LoadTarget launchPost(String label, String processName, Class<?> mainClass, List<String> args,
            String jsonBody, BenchSettings settings) throws IOException {
        return new LoadTarget(label, JvmProcess.start(processName, mainClass, args, settings.logDir()), jsonBody);
    }

    /** A server (any program following {@link Lifeline}) loaded with POSTs of {@code jsonBody}. */
    static LoadTarget launchPost(String label, String processName, List<String> command, String jsonBody,
            BenchSettings settings) throws IOException {
        return new LoadTarget(label, JvmProcess.command(processName, command, settings.logDir()), jsonBody);
    }

    void awaitReady() throws IOException, InterruptedException {
        url = process.awaitLine(Lifeline.READY, STARTUP_TIMEOUT);
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            if (postBody != null) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(postBody));
            }
            var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (postBody != null && response.statusCode() != 200) {
                throw new IllegalStateException(label + " at " + url + " answered " + response.statusCode() + " '"
                        + response.body() + "' to a POST of " + postBody + "; see " + process.log());
            }
            if (postBody == null && (response.statusCode() != 200 || !response.body().equals(BenchApps.BODY))) {
                throw new IllegalStateException(label + " at " + url + " answered " + response.statusCode() + " '"
                        + response.body() + "', expected 200 '" + BenchApps.BODY + "'; see " + process.log());
            }
        }
    }

    WrkResult load(int connections, Duration duration) throws IOException, InterruptedException {
        if (url == null) {
            throw new IllegalStateException(label + " is not ready: call awaitReady() first");
        }
        System.err.printf("  %s: %d connection(s) for %d s%n", label, connections, duration.toSeconds());
        return Wrk.run(url, postBody, connections, duration);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
