package dev.trellis.http.internal.routes;

import dev.trellis.http.internal.HttpError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the route for a method and path. Routes are kept most specific first (see
 * {@link PathTemplate#MOST_SPECIFIC_FIRST}), so the first route whose template matches the path
 * and whose HTTP method is the request's wins: "/items/latest" beats "/items/{id}" for
 * GET /items/latest, while a PUT to the same path falls through to PUT "/items/{id}" if only
 * that one has PUT. A path some route matches, but none with the request's method, is a 405
 * listing the methods that would be allowed; a path no route matches is a 404. Immutable and
 * thread-safe; a lookup is a scan of the routes, fine for the tens of routes an ingress has.
 */
final class RouteTable {
    /** The route for a request, and the values of its path variables. */
    record Match(Route route, Map<String, String> pathValues) {
    }

    private final List<Route> routes;

    /**
     * @throws IllegalArgumentException when two routes have the same HTTP method and template
     *                                  shape ("/items/{id}" and "/items/{key}" are the same)
     */
    RouteTable(Class<?> ingressClass, List<Route> routes) {
        Map<String, Route> byShape = new HashMap<>();
        for (Route route : routes) {
            Route earlier = byShape.putIfAbsent(route.httpMethod() + " " + route.template().shape(), route);
            if (earlier != null) {
                throw new IllegalArgumentException(ingressClass.getName() + "." + route.method().getName()
                        + ": duplicate route " + route.httpMethod() + " " + route.template() + ", also served by "
                        + earlier.method().getName() + " (" + earlier.httpMethod() + " " + earlier.template() + ")");
            }
        }
        var sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparing(Route::template, PathTemplate.MOST_SPECIFIC_FIRST));
        this.routes = List.copyOf(sorted);
    }

    /** The routes, most specific first. */
    List<Route> routes() {
        return routes;
    }

    /**
     * The route serving {@code httpMethod} at {@code path} (below the route prefix).
     *
     * @param shownPath the path as the client sent it, for error messages
     * @throws HttpError 404 when no template matches the path, 405 when none with this method does
     */
    Match find(String httpMethod, String path, String shownPath) {
        String[] segments = PathTemplate.segments(path);
        Set<String> allowed = null;
        for (Route route : routes) {
            Map<String, String> values = route.template().match(segments);
            if (values == null) {
                continue;
            }
            if (route.httpMethod().equals(httpMethod)) {
                return new Match(route, values);
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(route.httpMethod());
        }
        if (allowed != null) {
            throw new HttpError(405, "method " + httpMethod + " is not allowed for " + shownPath + "; allowed: "
                    + String.join(", ", allowed));
        }
        throw new HttpError(404, "no route for " + httpMethod + " " + shownPath);
    }
}
