package dev.trellis.http.internal.proxy;

import dev.trellis.http.internal.IngressAdapter;
import dev.trellis.serve.internal.handle.ActorDeploymentHandle;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The applications the proxy serves, by route prefix, matched longest prefix first: prefix
 * {@code /a} matches {@code /a} and {@code /a/x} but not {@code /ab}; {@code /} matches every
 * path. Immutable: the proxy swaps in a new table when applications change, so a request in
 * flight keeps the route it started with.
 */
public final class RouteTable {
    /** One application's entry point over HTTP. */
    public record Route(String prefix, String applicationName, Class<?> ingressClass, ActorDeploymentHandle<?> handle,
                        IngressAdapter adapter) {
        boolean matches(String path) {
            return prefix.equals("/") || path.startsWith(prefix)
                    && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
        }
    }

    public static final RouteTable EMPTY = new RouteTable(List.of());

    private final List<Route> longestFirst;

    public RouteTable(List<Route> routes) {
        this.longestFirst = routes.stream()
                .sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed()).toList();
    }

    /** The route serving {@code path}, or null. */
    public Route match(String path) {
        for (Route route : longestFirst) {
            if (route.matches(path)) {
                return route;
            }
        }
        return null;
    }

    public List<Route> routes() {
        return longestFirst;
    }

    /** Route prefix to application name, sorted by prefix: the body of {@code GET /-/routes} (Ray's format). */
    public Map<String, String> prefixes() {
        var result = new LinkedHashMap<String, String>();
        longestFirst.stream().sorted(Comparator.comparing(Route::prefix))
                .forEach(r -> result.put(r.prefix(), r.applicationName()));
        return result;
    }
}
