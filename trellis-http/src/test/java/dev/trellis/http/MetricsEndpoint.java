package dev.trellis.http;

import com.sun.net.httpserver.HttpServer;
import dev.trellis.serve.Serve;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} on 127.0.0.1 at a free port, answering {@link Serve#prometheusMetrics()}:
 * the scrape target of {@link PrometheusScrapeTest} until the admin server (which serves the
 * same text at its own {@code /metrics}) is on this branch.
 */
final class MetricsEndpoint implements AutoCloseable {
    static final String PATH = "/metrics";
    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    static MetricsEndpoint start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, exchange -> {
            try (exchange) {
                byte[] body = Serve.prometheusMetrics().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return new MetricsEndpoint(server);
    }

    /** {@code 127.0.0.1:port}, as a Prometheus target. */
    String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
