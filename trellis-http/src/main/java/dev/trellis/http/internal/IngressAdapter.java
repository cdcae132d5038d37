package dev.trellis.http.internal;

import dev.trellis.http.Request;
import java.util.Optional;

/**
 * How requests to one application become calls of its ingress class. Chosen per ingress class
 * by {@link IngressAdapters}; thread-safe and immutable.
 */
public interface IngressAdapter {
    /**
     * The method to call and its arguments.
     *
     * @throws HttpError 404 or 405 when no route matches
     * @throws dev.trellis.http.BadRequestException when a parameter or the body cannot be bound
     */
    Invocation bind(Request request);

    /**
     * Whether {@link #bind} may run user code (constructors of the records a JSON body is bound
     * to, {@code valueOf} of parameter types): the proxy then binds on a virtual thread instead
     * of the Netty event loop. True unless an adapter knows better.
     */
    default boolean bindRunsUserCode() {
        return true;
    }

    /** The OpenAPI 3 document (JSON) for this ingress served at {@code routePrefix}, if it has one. */
    default Optional<String> openApi(String applicationName, String routePrefix) {
        return Optional.empty();
    }
}
