package dev.trellis.http.internal.node;

import dev.trellis.core.internal.NodeAgent;
import dev.trellis.core.internal.NodeService;
import dev.trellis.http.AdminServer;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.ProxyLocation;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import dev.trellis.serve.config.ServeConfigFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Serve on a cluster node process: every node runs an HTTP proxy (Ray's {@code EveryNode}) and
 * a replica host; the head also runs the controller and the admin API, and deploys the initial
 * config if given. Options: {@code --serve on|off} (default on), {@code --http-host},
 * {@code --http-port} (the proxy, default 127.0.0.1:8000; 0 picks a free port),
 * {@code --admin-host}, {@code --admin-port} (the head's default 127.0.0.1:8265; 0: a free one; a
 * worker has one only when given a port, for when the controller moves there),
 * {@code --admin-token-file}, {@code --serve-config FILE} and {@code --proxy-location
 * EveryNode|HeadOnly|Disabled} (Ray's {@code proxy_location}; default the initial config's, else
 * EveryNode: with HeadOnly only the head runs a proxy, with Disabled none does). It prints
 * {@code trellis serve proxy at URL} and, on the head, {@code trellis serve admin at URL}. The
 * node's report advertises the proxy as {@code serve-proxy} and the admin API as
 * {@code serve-admin} and {@code serve-metrics} ({@code trellis status} shows them; the admin
 * API's {@code GET /api/serve/prometheus-targets} lists every node's metrics endpoints):
 * {@code Serve} and {@link AdminServer} advertise themselves on whatever Core node runs in the
 * JVM, this one included.
 */
public final class ServeNodeService implements NodeService {
    private static final Set<String> OPTIONS = Set.of("serve", "http-host", "http-port", "admin-host", "admin-port",
            "admin-token-file", "serve-config", "proxy-location");
    private AdminServer admin;
    private boolean started;

    @Override
    public Set<String> optionNames() {
        return OPTIONS;
    }

    @Override
    public synchronized void start(NodeAgent node, Map<String, String> options) {
        String serve = options.getOrDefault("serve", "on");
        if (serve.equals("off")) {
            return;
        }
        if (!serve.equals("on")) {
            throw new IllegalArgumentException("--serve must be on or off, was '" + serve + "'");
        }
        boolean head = node.role().equals("head");
        if (!head && options.containsKey("serve-config")) {
            throw new IllegalArgumentException("--serve-config is for the head node: a worker deploys nothing at start");
        }
        ServeConfigFile initial = options.containsKey("serve-config")
                ? ServeConfigFile.load(Path.of(options.get("serve-config"))) : null;
        HttpOptions.Builder http = (initial == null ? HttpOptions.defaults() : initial.httpOptions()).toBuilder();
        if (options.containsKey("http-host")) {
            http.host(options.get("http-host"));
        }
        if (options.containsKey("http-port")) {
            http.port(port("http-port", options.get("http-port")));
        }
        ProxyLocation location = proxyLocation(options.get("proxy-location"), initial);
        http.enabled(location.runsProxyOn(node.role()));
        HttpOptions proxy = http.build();
        Serve.start(ServeOptions.builder().http(proxy).build());
        started = true;
        Serve.httpAddress().ifPresentOrElse(a -> System.out.println("trellis serve proxy at http://"
                + a.getAddress().getHostAddress() + ":" + a.getPort()),
                () -> System.out.println("trellis serve proxy: none on this node (proxy_location " + location + ")"));
        // The head always has the admin API; a worker only when given an admin port, so that it can be
        // used once the controller moved there (the head died).
        if (!head && !options.containsKey("admin-port")) {
            return;
        }
        admin = AdminServer.builder()
                .host(options.getOrDefault("admin-host", AdminServer.DEFAULT_HOST))
                .port(port("admin-port", options.getOrDefault("admin-port", String.valueOf(AdminServer.DEFAULT_PORT))))
                .token(token(options.get("admin-token-file")))
                .proxyOptions(proxy)
                .proxyLocation(location)
                .onStopRequested(() -> new Thread(() -> System.exit(0), "trellis-stop").start())
                .start();
        System.out.println("trellis serve admin at " + admin.url());
        if (initial != null) {
            System.out.println("trellis serve deploying " + String.join(", ", admin.deployInitial(initial)));
        }
    }

    /** {@code --proxy-location}, else the initial config's {@code proxy_location}, else EveryNode; both must agree. */
    private static ProxyLocation proxyLocation(String option, ServeConfigFile initial) {
        ProxyLocation given = option == null ? null : ProxyLocation.parse("--proxy-location", option);
        ProxyLocation configured = initial == null ? null : initial.proxyLocation().orElse(null);
        if (given != null && configured != null && given != configured) {
            throw new IllegalArgumentException("--proxy-location " + given + " contradicts proxy_location "
                    + configured + " in " + initial.path() + "; give one of them, or the same value");
        }
        return given != null ? given : configured != null ? configured : ProxyLocation.EVERY_NODE;
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("--" + option + " must be a port number (0 to 65535; 0 picks a free one), was '"
                + value + "'");
    }

    private static String token(String file) {
        return AdminServer.readToken(file == null ? null : Path.of(file));
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        if (started) {
            started = false;
            Serve.shutdown();
        }
    }
}
