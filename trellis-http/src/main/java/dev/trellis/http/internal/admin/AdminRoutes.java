package dev.trellis.http.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.Serve;
import dev.trellis.serve.config.ConfigException;
import dev.trellis.serve.config.ServeConfigFile;
import dev.trellis.serve.config.ServeConfigSchema;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's routes, without any networking: a request in, a response out.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>GET /api/serve/applications/</td><td>status and configs in force ({@link StatusDocument})</td></tr>
 *   <tr><td>PUT /api/serve/applications/</td><td>a whole Serve config (JSON or YAML), applied by {@link ConfigApplier}</td></tr>
 *   <tr><td>DELETE /api/serve/applications/</td><td>deletes every application</td></tr>
 *   <tr><td>GET /api/serve/schema</td><td>the config's JSON Schema</td></tr>
 *   <tr><td>GET /-/healthz</td><td>200 {@code success} while the instance runs</td></tr>
 *   <tr><td>GET /metrics</td><td>Prometheus text</td></tr>
 *   <tr><td>GET /api/serve/prometheus-targets</td><td>every node's Prometheus endpoints as service-discovery
 *       target groups ({@link PrometheusTargets}); without a Core node in this JVM, this API's own
 *       {@code /metrics}</td></tr>
 *   <tr><td>POST /api/trellis/stop</td><td>stops the instance (only when it was given a way to stop)</td></tr>
 * </table>
 *
 * With a token, every route needs {@code Authorization: Bearer <token>} (401 otherwise). A
 * rejected config is a 400 listing every problem and changes nothing. Thread-safe.
 */
final class AdminRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);
    static final String APPLICATIONS = "/api/serve/applications/";
    static final String SCHEMA = "/api/serve/schema";
    static final String HEALTHZ = "/-/healthz";
    static final String METRICS = "/metrics";
    static final String STOP = "/api/trellis/stop";
    static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String CONFIG_SOURCE = "Serve config (PUT " + APPLICATIONS + ")";
    private static final Set<String> CONFIG_TYPES = Set.of("application/json", "application/yaml", "application/x-yaml",
            "text/yaml", "text/x-yaml");
    private static final Map<String, String> ALLOWED = Map.of(APPLICATIONS, "GET, PUT, DELETE", SCHEMA, "GET",
            HEALTHZ, "GET", METRICS, "GET", PrometheusTargets.PATH, "GET", STOP, "POST");

    private final BearerToken token;
    private final ConfigApplier applier;
    private final Supplier<InetSocketAddress> proxyAddress;
    private final Runnable stop;
    private final Supplier<String> ownMetricsUrl;

    /**
     * @param token         null for no authentication (loopback only)
     * @param stop          what {@code POST /api/trellis/stop} does, after answering; null: the route answers 404
     * @param ownMetricsUrl this API's {@code /metrics} URL, the one target listed when no Core node runs here
     */
    AdminRoutes(BearerToken token, ConfigApplier applier, Supplier<InetSocketAddress> proxyAddress, Runnable stop,
                Supplier<String> ownMetricsUrl) {
        this.token = token;
        this.applier = applier;
        this.proxyAddress = proxyAddress;
        this.stop = stop;
        this.ownMetricsUrl = ownMetricsUrl;
    }

    /** The answer to {@code request}; never throws. */
    AdminResponse handle(AdminRequest request) {
        if (token != null && !token.accepts(request.authorization())) {
            return AdminResponse.error(401, request.authorization() == null
                            ? "this admin API needs 'Authorization: Bearer <token>' (TRELLIS_ADMIN_TOKEN)"
                            : "the bearer token is not this admin API's token")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"trellis\"");
        }
        String path = request.path().equals("/api/serve/applications") ? APPLICATIONS : request.path();
        String allowed = ALLOWED.get(path);
        if (allowed == null || (path.equals(STOP) && stop == null)) {
            return AdminResponse.error(404, "no such path: " + request.path() + " (see docs/operations.md)");
        }
        if (!List.of(allowed.split(", ")).contains(request.method())) {
            return AdminResponse.error(405, request.method() + " is not allowed on " + path + "; allowed: " + allowed)
                    .withHeader("Allow", allowed);
        }
        try {
            return route(path, request);
        } catch (dev.trellis.serve.ControllerElsewhereException e) {
            return controllerElsewhere(e, path);
        } catch (RuntimeException e) {
            LOG.error("admin request {} {} failed", request.method(), path, e);
            return AdminResponse.error(500, request.method() + " " + path + " failed: " + e.getMessage());
        }
    }

    /**
     * This node does not run Serve's controller: 307 to the admin API of the node that does, when
     * it advertises one (clients that follow redirects, as {@code trellis serve}, go on there),
     * else 503 saying why.
     */
    private static AdminResponse controllerElsewhere(dev.trellis.serve.ControllerElsewhereException e, String path) {
        String node = e.controllerNodeId();
        String admin = node == null ? null : dev.trellis.core.internal.NodeAgent.current().stream()
                .flatMap(a -> a.nodes().stream()).filter(n -> n.nodeId().equals(node))
                .map(n -> n.endpoints().get(dev.trellis.http.AdminServer.ADMIN_ENDPOINT))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (admin == null) {
            return AdminResponse.error(503, e.getMessage() + (node == null ? ""
                    : "; node " + node + " has no admin API (start it with --admin-port to reach it)"));
        }
        return AdminResponse.error(307, e.getMessage() + "; redirecting to " + admin + path)
                .withHeader("Location", admin + path);
    }

    private AdminResponse route(String path, AdminRequest request) {
        return switch (path) {
            case HEALTHZ -> AdminResponse.text(200, "text/plain; charset=utf-8", "success");
            case SCHEMA -> AdminResponse.text(200, "application/schema+json", ServeConfigSchema.text());
            case PrometheusTargets.PATH -> prometheusTargets();
            case STOP -> {
                LOG.info("stop requested through the admin API");
                // Stopping closes this server: it starts once the answer is out, so the caller always gets it.
                yield AdminResponse.json(200, AdminResponse.JSON.createObjectNode().put("stopping", true))
                        .thenStart(() -> Thread.ofPlatform().name("trellis-stop").start(stop));
            }
            default -> {
                if (!Serve.isRunning()) {
                    yield AdminResponse.error(503, "Serve is not running in this instance");
                }
                yield switch (path) {
                    case METRICS -> AdminResponse.text(200, PROMETHEUS_TYPE, Serve.prometheusMetrics());
                    case APPLICATIONS -> applications(request);
                    default -> throw new IllegalStateException("unrouted path " + path);
                };
            }
        };
    }

    /** The Core node's view of every node when one runs in this JVM; else this instance alone (if Serve runs). */
    private AdminResponse prometheusTargets() {
        var node = dev.trellis.core.internal.NodeAgent.current();
        if (node.isPresent()) {
            return AdminResponse.json(200, PrometheusTargets.of(node.get().nodes()));
        }
        var groups = AdminResponse.JSON.createArrayNode();
        if (Serve.isRunning()) {
            groups.add(PrometheusTargets.group(ownMetricsUrl.get(), Map.of("endpoint", "serve-metrics")));
        }
        return AdminResponse.json(200, groups);
    }

    private AdminResponse applications(AdminRequest request) {
        return switch (request.method()) {
            case "GET" -> AdminResponse.json(200, StatusDocument.of(Serve.status(), applier.inForce(), proxyAddress.get()));
            case "DELETE" -> {
                var deleted = applier.deleteAll();
                ObjectNode body = AdminResponse.JSON.createObjectNode();
                deleted.forEach(body.putArray("deleted")::add);
                yield AdminResponse.json(200, body);
            }
            default -> deploy(request);
        };
    }

    private AdminResponse deploy(AdminRequest request) {
        String type = mediaType(request.contentType());
        if (type != null && !CONFIG_TYPES.contains(type)) {
            return AdminResponse.error(415, "unsupported Content-Type '" + request.contentType()
                    + "'; send the config as application/json or application/yaml");
        }
        ConfigApplier.Outcome outcome;
        try {
            var config = ServeConfigFile.parse(new String(request.body(), StandardCharsets.UTF_8), CONFIG_SOURCE);
            outcome = applier.apply(config, CONFIG_SOURCE, true);
        } catch (ConfigException e) {
            String summary = e.getMessage().lines().findFirst().orElse("Invalid Serve config").replaceAll(":$", "");
            return AdminResponse.problems(summary + "; nothing was changed", e.problems());
        } catch (IllegalArgumentException e) {
            return AdminResponse.error(400, e.getMessage());
        }
        ObjectNode body = AdminResponse.JSON.createObjectNode();
        outcome.deployed().forEach(body.putArray("deployed")::add);
        outcome.unchanged().forEach(body.putArray("unchanged")::add);
        outcome.deleted().forEach(body.putArray("deleted")::add);
        return AdminResponse.json(200, body);
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
