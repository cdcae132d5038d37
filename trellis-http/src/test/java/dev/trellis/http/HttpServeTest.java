package dev.trellis.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.core.Resources;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the loopback tests: each test gets a fresh embedded runtime whose HTTP proxy listens
 * on 127.0.0.1 at a free port, with every actor message round-tripped through its serializer, a
 * real JDK HTTP/1.1 client, and a shutdown after.
 */
abstract class HttpServeTest {
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    URI base;

    @BeforeEach
    void startServe() {
        Serve.start(ServeOptions.builder()
                .serializeMessages(serializeMessages())
                .nodeResources(Resources.of(8, 0))
                .controlLoopInterval(Duration.ofMillis(50))
                .http(http().build())
                .build());
        base = URI.create("http://127.0.0.1:" + port());
    }

    @AfterEach
    void stopServe() {
        client.close();
        Serve.shutdown();
    }

    /** Whether every message is round-tripped through its serializer (true unless a test needs one JVM's fast paths). */
    boolean serializeMessages() {
        return true;
    }

    /** The proxy's options; tests may override. */
    HttpOptions.Builder http() {
        return HttpOptions.builder().port(0);
    }

    static int port() {
        return Serve.httpAddress().orElseThrow().getPort();
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    static ConditionFactory eventually() {
        return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20));
    }

    /**
     * Sends requests until one is refused: the first extra request may still find the queue's
     * one place free and wait there; the next cannot.
     */
    HttpResponse<String> firstRefused(String path) {
        var sent = new CopyOnWriteArrayList<CompletableFuture<HttpResponse<String>>>();
        return eventually().until(() -> {
            sent.add(sendAsync(path, "extra-" + sent.size()));
            return sent.stream().filter(f -> f.isDone() && f.join().statusCode() != 200).findFirst()
                    .map(CompletableFuture::join).orElse(null);
        }, Objects::nonNull);
    }

    CompletableFuture<HttpResponse<String>> sendAsync(String path, String requestId) {
        return client.sendAsync(HttpRequest.newBuilder(base.resolve(path)).header("x-request-id", requestId).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
