package dev.trellis.examples;

import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import dev.trellis.serve.config.ConfiguredApplication;
import dev.trellis.serve.config.ServeConfigFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Runs every application of an {@code examples/*.yaml} file, as {@code ./trellis serve run}
 * does but with the HTTP proxy on a free port, and posts JSON to it as the README's curls do.
 * Closing it shuts Serve down.
 */
public final class ExampleServer implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    private ExampleServer(URI base) {
        this.base = base;
    }

    /** Starts Serve and runs the applications of {@code examples/<fileName>}, waiting until they run. */
    public static ExampleServer start(String fileName) {
        ServeConfigFile config = ServeConfigFile.load(configFile(fileName));
        Serve.start(ServeOptions.builder().http(HttpOptions.builder().port(0).build()).build());
        try {
            for (ConfiguredApplication app : config.applications()) {
                Serve.run(app.application(), app.name(), app.routePrefix());
            }
            return new ExampleServer(URI.create("http://127.0.0.1:" + Serve.httpAddress().orElseThrow().getPort()));
        } catch (RuntimeException e) {
            Serve.shutdown();
            throw e;
        }
    }

    /** The path of {@code examples/<fileName>} from this module's directory, where tests run. */
    public static Path configFile(String fileName) {
        return Path.of("..", "examples", fileName);
    }

    /** POSTs {@code json} to {@code path} (e.g. "/my-dag"). */
    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs {@code json} to {@code path} with one extra header (e.g. {@code serve_multiplexed_model_id}). */
    public HttpResponse<String> post(String path, String json, String headerName, String headerValue)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("content-type", "application/json")
                .header(headerName, headerValue).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends {@code method} to {@code path} with {@code body} as it is (bytes that need not be
     * JSON, nor UTF-8; none when empty), as JSON, with {@code headers}; no answer in 30 s fails.
     */
    public HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path} (e.g. "/predict/labels"). */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        client.close();
        Serve.shutdown();
    }
}
