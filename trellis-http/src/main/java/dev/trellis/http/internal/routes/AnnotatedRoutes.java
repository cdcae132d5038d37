package dev.trellis.http.internal.routes;

import dev.trellis.http.Request;
import dev.trellis.http.internal.IngressAdapter;
import dev.trellis.http.internal.Invocation;
import dev.trellis.http.routes.Delete;
import dev.trellis.http.routes.Get;
import dev.trellis.http.routes.Post;
import dev.trellis.http.routes.Put;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves an ingress class whose public methods are annotated {@link Get}, {@link Post},
 * {@link Put} or {@link Delete}, the counterpart of a FastAPI app on a Ray Serve ingress.
 * The route table is read and checked once, at construction, so a mistake in the annotations
 * fails when the application is built; binding a request is then a table lookup plus parameter
 * conversion. Immutable apart from the memoized OpenAPI documents, and thread-safe.
 */
public final class AnnotatedRoutes implements IngressAdapter {
    private final RouteTable table;
    private final boolean bindsBodies;
    private final Map<String, String> openApiDocuments = new ConcurrentHashMap<>();

    /**
     * Reads the routes of {@code ingressClass}.
     *
     * @throws IllegalArgumentException naming the class, the method and the problem: a bad
     *                                  template, a duplicate route, a path variable without a parameter or a
     *                                  parameter without a variable, two body parameters, an unsupported type
     */
    public AnnotatedRoutes(Class<?> ingressClass) {
        List<Route> routes = RouteScanner.scan(ingressClass);
        if (routes.isEmpty()) {
            throw new IllegalArgumentException(ingressClass.getName() + " has no public method annotated @Get, @Post,"
                    + " @Put or @Delete");
        }
        this.table = new RouteTable(ingressClass, routes);
        this.bindsBodies = routes.stream()
                .anyMatch(r -> r.binders().stream().anyMatch(ParameterBinder.Body.class::isInstance));
    }

    /**
     * Whether {@code cls} has a method annotated {@link Get}, {@link Post}, {@link Put} or
     * {@link Delete}. Non-public ones count too, so that the constructor reports them ("must be
     * public") instead of the class being taken for another kind of ingress.
     */
    public static boolean hasRoutes(Class<?> cls) {
        return RouteScanner.hasAnnotatedMethod(cls);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Matches {@link Request#subPath()}: 404 when no route's template matches it, 405 (naming the
     * allowed methods) when routes match but none for the request's method.
     */
    @Override
    public Invocation bind(Request request) {
        RouteTable.Match match = table.find(request.method(), request.subPath(), request.path());
        return match.route().bind(request, match.pathValues());
    }

    /**
     * Only binding a JSON body runs user code (the constructors and setters of its types); path
     * and query conversions do not, so an ingress without body parameters can bind anywhere.
     */
    @Override
    public boolean bindRunsUserCode() {
        return bindsBodies;
    }

    /** Generated on first use for each name and prefix, then served from memory. */
    @Override
    public Optional<String> openApi(String applicationName, String routePrefix) {
        return Optional.of(openApiDocuments.computeIfAbsent(applicationName + "\n" + routePrefix,
                key -> OpenApiDocument.generate(applicationName, routePrefix, table.routes())));
    }

    /** The routes, most specific first: for tests and diagnostics. */
    List<Route> routes() {
        return table.routes();
    }

    @Override
    public String toString() {
        return "AnnotatedRoutes" + table.routes();
    }
}
