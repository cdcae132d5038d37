package dev.trellis.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real Prometheus server for tests: Debian's {@code prometheus} binary, started on
 * 127.0.0.1 at a free port with a temporary config and TSDB that scrape one target every
 * second. {@link #close()} always stops the process (SIGTERM, then SIGKILL after 10 s) and
 * deletes its files; starting waits at most {@link #START_TIMEOUT} for {@code /-/ready}.
 */
final class PrometheusServer implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LOCATIONS = {"/usr/bin/prometheus", "/usr/local/bin/prometheus", "/bin/prometheus"};

    private final Process process;
    private final Path dir;
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path dir, URI base) {
        this.process = process;
        this.dir = dir;
        this.base = base;
    }

    /** The prometheus binary: on the PATH or in a usual place; empty when it is not installed. */
    static Optional<Path> binary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).map(s -> Path.of(s, "prometheus"));
        return Stream.concat(onPath, Stream.of(LOCATIONS).map(Path::of)).filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts {@code binary} scraping {@code target} ({@code 127.0.0.1:port}) at {@code metricsPath}
     * every second, as job {@code job}, and waits until it is ready.
     */
    static PrometheusServer start(Path binary, String job, String target, String metricsPath) throws IOException {
        Path dir = Files.createTempDirectory("trellis-prometheus");
        String config = """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    metrics_path: %s
                    static_configs:
                      - targets: ['%s']
                """.formatted(job, metricsPath, target);
        Files.writeString(dir.resolve("prometheus.yml"), config);
        int port = freePort();
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        var server = new PrometheusServer(process, dir, URI.create("http://127.0.0.1:" + port));
        try {
            Awaitility.await("prometheus ready at " + server.base).atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": "
                                    + server.log());
                        }
                        return server.ready();
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private boolean ready() {
        try {
            return client.send(HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code GET /api/v1/targets}: the {@code data} of the answer. */
    JsonNode targets() {
        return api("/api/v1/targets");
    }

    /** {@code GET /api/v1/query?query=...}: the {@code data} of the answer (an instant vector for plain selectors). */
    JsonNode query(String promql) {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The one value an instant query returns, or empty when it returns no series. */
    Optional<Double> scalar(String promql) {
        JsonNode result = query(promql).path("result");
        if (result.isEmpty()) {
            return Optional.empty();
        }
        if (result.size() != 1) {
            throw new AssertionError("query " + promql + " returned " + result.size() + " series: " + result);
        }
        return Optional.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }

    private JsonNode api(String pathAndQuery) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new AssertionError("prometheus answered " + response.statusCode() + " to " + pathAndQuery + ": "
                        + response.body());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What prometheus wrote to its log (for failure messages). */
    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless; the process is what must not be
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
