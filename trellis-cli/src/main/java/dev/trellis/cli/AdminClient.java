package dev.trellis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The CLI's client of a running instance's admin API ({@code trellis start}): JDK HTTP/1.1,
 * bounded connect and request times, {@code Authorization: Bearer} when a token is set. Fails
 * with {@link Unreachable} when no instance answers, so commands can say to start one.
 */
final class AdminClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Deploying deletes the applications a config drops, each draining within its graceful_shutdown_timeout. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    /** No instance answered at the address. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String address, Exception cause) {
            super("cannot reach a Trellis instance at " + address + " (" + describe(cause) + ");"
                    + " start one with `./trellis start`, or pass its admin address with --address / TRELLIS_ADDRESS", cause);
        }

        private static String describe(Exception e) {
            if (e instanceof ConnectException) {
                return "connection refused";
            }
            if (e instanceof HttpTimeoutException) {
                return "no answer in time";
            }
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private final String address;
    private final String token;
    private final HttpClient client;

    /** @param address e.g. {@code http://127.0.0.1:8265}; @param token null for none */
    AdminClient(String address, String token) {
        this.address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        this.token = token;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                // A worker's admin API sends requests for the controller to its node's (307).
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    String address() {
        return address;
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) {
        URI uri;
        try {
            uri = URI.create(address + path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--address must be a URL like http://127.0.0.1:8265, was '" + address + "'");
        }
        var request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable(address, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(address, e);
        }
    }

    /** The JSON body of a 200 answer; otherwise an {@link ErrorAnswer} with the server's error. */
    JsonNode json(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ErrorAnswer(response.statusCode(), "the admin API answered " + response.statusCode()
                    + " with a body that is not JSON: " + abbreviate(response.body()));
        }
        if (response.statusCode() != 200) {
            throw new ErrorAnswer(response.statusCode(), body.path("error").asText(abbreviate(response.body())));
        }
        return body;
    }

    /** A non-200 answer of the admin API, with its error message. */
    static final class ErrorAnswer extends RuntimeException {
        final int status;

        ErrorAnswer(int status, String message) {
            super(status == 401 ? message + " (set TRELLIS_ADMIN_TOKEN to the instance's token)" : message);
            this.status = status;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public void close() {
        client.close();
    }
}
