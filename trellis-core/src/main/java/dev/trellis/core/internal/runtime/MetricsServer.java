package dev.trellis.core.internal.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trellis.core.internal.VirtualThreads;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;

/**
 * A node's Prometheus endpoint: {@code GET /metrics} on 127.0.0.1 answers the registry's
 * scrape in the text format (0.0.4); any other path is 404 and any other method 405. It binds
 * the loopback address only (a scraper on another host needs a proxy or tunnel), and runs each
 * request on a virtual thread. The JDK's HTTP server is enough here: one scraper, a few
 * requests a minute, and Trellis Core depends on nothing heavier (trellis-http's Netty server
 * sits above Serve).
 */
final class MetricsServer implements AutoCloseable {
    static final String PATH = "/metrics";
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService threads;

    private MetricsServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Serves {@code registry} on 127.0.0.1:{@code port} (0: a free port).
     *
     * @throws IllegalArgumentException if the port is out of range
     * @throws IOException              if the port cannot be bound (taken, most often)
     */
    static MetricsServer start(int port, PrometheusMeterRegistry registry) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be between 0 and 65535, was " + port);
        }
        var address = new InetSocketAddress(InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1}), port);
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        ExecutorService threads = VirtualThreads.perTaskExecutor("trellis-metrics-http");
        server.setExecutor(threads);
        server.createContext("/", exchange -> handle(exchange, registry));
        server.start();
        return new MetricsServer(server, threads);
    }

    private static void handle(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(PATH)) {
                reply(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + " (metrics are at " + PATH + ")\n");
            } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", exchange.getRequestMethod() + " is not allowed on "
                        + PATH + "; use GET\n");
            } else {
                reply(exchange, 200, PROMETHEUS_TYPE, registry.scrape());
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Where it listens. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://127.0.0.1:PORT/metrics}. */
    String url() {
        return "http://" + address().getAddress().getHostAddress() + ":" + address().getPort() + PATH;
    }

    /** Stops listening; a scrape in progress gets up to a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        threads.shutdownNow();
    }
}
