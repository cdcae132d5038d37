package dev.trellis.http;

import dev.trellis.core.internal.NodeAgent;
import dev.trellis.http.internal.admin.AdminListener;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.config.ServeConfigFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The admin REST API of a long-running Trellis instance ({@code trellis start}), the
 * counterpart of Ray's dashboard Serve API: {@code GET/PUT/DELETE /api/serve/applications/},
 * {@code GET /api/serve/schema}, {@code GET /-/healthz}, {@code GET /metrics},
 * {@code GET /api/serve/prometheus-targets} (every node's Prometheus endpoints, for Prometheus'
 * HTTP or file service discovery) and, when the instance can be stopped,
 * {@code POST /api/trellis/stop}. It drives the embedded runtime of this JVM ({@link Serve}),
 * which must be started first. See docs/operations.md. On a Trellis Core node the node's report
 * advertises the server as {@value #ADMIN_ENDPOINT} and its metrics as
 * {@value #METRICS_ENDPOINT} while it runs.
 *
 * <p>Security: bound to 127.0.0.1:8265 by default. With a token, every route needs
 * {@code Authorization: Bearer <token>}; binding an address other than a loopback one without
 * a token is refused ({@link Builder#start()} throws), so the API is never exposed unprotected.
 */
public final class AdminServer implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8265;

    /** The names under which a Core node's report lists the admin API and its {@code /metrics}. */
    public static final String ADMIN_ENDPOINT = "serve-admin";
    /** The environment variable that holds the admin API's bearer token when no token file is given. */
    public static final String TOKEN_ENV = "TRELLIS_ADMIN_TOKEN";

    /**
     * The admin token: the contents of {@code file} (stripped; an empty or unreadable file is an
     * error naming {@code --admin-token-file}), else {@value #TOKEN_ENV}, else null (no token).
     */
    public static String readToken(java.nio.file.Path file) {
        if (file != null) {
            try {
                String token = java.nio.file.Files.readString(file).strip();
                if (token.isEmpty()) {
                    throw new IllegalArgumentException("--admin-token-file " + file + " is empty");
                }
                return token;
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--admin-token-file " + file + " cannot be read: " + e.getMessage(), e);
            }
        }
        String env = System.getenv(TOKEN_ENV);
        return env == null || env.isBlank() ? null : env.strip();
    }
    public static final String METRICS_ENDPOINT = "serve-metrics";

    private final AdminListener listener;
    /** The Core node of this JVM when the server started, which advertises it; null if none. */
    private final NodeAgent node;
    private final String url;

    private AdminServer(AdminListener listener) {
        this.listener = listener;
        this.url = listener.url();
        this.node = NodeAgent.current().orElse(null);
        if (node != null) {
            node.advertise(ADMIN_ENDPOINT, url);
            node.advertise(METRICS_ENDPOINT, url + AdminListener.METRICS_PATH);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the API listens. */
    public InetSocketAddress address() {
        return listener.address();
    }

    /** {@code http://host:port} to reach the API from this machine. */
    public String url() {
        return url;
    }

    /**
     * Deploys the config the instance was started with and makes it the config in force, without
     * checking its http_options against the proxy (which was started with them).
     *
     * @return the names of the applications deployed
     */
    public List<String> deployInitial(ServeConfigFile config) {
        String source = config.path() == null ? "Serve config" : "Serve config file " + config.path();
        return listener.deployInitial(config, source);
    }

    /** Stops accepting requests; requests in progress finish (bounded). Leaves Serve running. */
    @Override
    public void close() {
        if (node != null) {
            node.withdraw(ADMIN_ENDPOINT, url);
            node.withdraw(METRICS_ENDPOINT, url + AdminListener.METRICS_PATH);
        }
        listener.close();
    }

    /** Settings of the admin API; defaults: 127.0.0.1:8265, no token, 1 MiB bodies, the system clock. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String token;
        private int maxRequestBodyBytes = 1024 * 1024;
        private InstantSource clock = InstantSource.system();
        private HttpOptions proxyOptions = HttpOptions.defaults();
        private dev.trellis.serve.ProxyLocation proxyLocation = dev.trellis.serve.ProxyLocation.EVERY_NODE;
        private Runnable onStopRequested;

        public Builder host(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("admin host must be a host name or address, was '" + value + "'");
            }
            host = value.strip();
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("admin port must be between 0 and 65535, was " + value);
            }
            port = value;
            return this;
        }

        /** The bearer token every request must carry; null for none (loopback only). */
        public Builder token(String value) {
            if (value != null && value.isBlank()) {
                throw new IllegalArgumentException("admin token must not be blank");
            }
            token = value == null ? null : value.strip();
            return this;
        }

        public Builder maxRequestBodyBytes(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("admin max_request_body_bytes must be >= 1, was " + value);
            }
            maxRequestBodyBytes = value;
            return this;
        }

        /** The clock of {@code last_deployed_time_s}. */
        public Builder clock(InstantSource value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The options the running HTTP proxy was started with; deployed configs must not contradict them. */
        public Builder proxyOptions(HttpOptions value) {
            proxyOptions = Objects.requireNonNull(value, "proxyOptions");
            return this;
        }

        /**
         * Where the cluster's HTTP proxies run (default {@code EveryNode}); a deployed config whose
         * {@code proxy_location} differs is refused, since it cannot change while the nodes run.
         */
        public Builder proxyLocation(dev.trellis.serve.ProxyLocation value) {
            proxyLocation = Objects.requireNonNull(value, "proxyLocation");
            return this;
        }

        /** Enables {@code POST /api/trellis/stop}: {@code action} runs on its own thread after the answer is sent. */
        public Builder onStopRequested(Runnable action) {
            onStopRequested = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * Binds the address and starts serving.
         *
         * @throws IllegalStateException for a non-loopback address without a token
         * @throws dev.trellis.serve.ServeException when the address cannot be bound
         */
        public AdminServer start() {
            if (token == null && !isLoopback(host)) {
                throw new IllegalStateException("the admin API would listen on " + host + " without a token:"
                        + " anyone who can reach it could deploy code. Set TRELLIS_ADMIN_TOKEN (or --admin-token-file)"
                        + " or bind 127.0.0.1");
            }
            return new AdminServer(new AdminListener(host, port, token, maxRequestBodyBytes, clock, proxyOptions,
                    proxyLocation, AdminServer::proxyAddress, onStopRequested));
        }

        private static boolean isLoopback(String host) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("admin host '" + host + "' does not resolve", e);
            }
        }
    }

    private static InetSocketAddress proxyAddress() {
        return Serve.isRunning() ? Serve.httpAddress().orElse(null) : null;
    }
}
