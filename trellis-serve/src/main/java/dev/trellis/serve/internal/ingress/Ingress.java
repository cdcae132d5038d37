package dev.trellis.serve.internal.ingress;

import dev.trellis.serve.internal.spec.ApplicationSpec;
import java.net.InetSocketAddress;
import java.util.List;

/** A running ingress (the HTTP proxy). Called by the runtime on the caller's thread. */
public interface Ingress extends AutoCloseable {

    /** Checks an application before it is deployed (e.g. that its ingress class has an HTTP entry). */
    void validate(ApplicationSpec spec);

    /** The applications with a route prefix, after every deploy and delete. */
    void routesChanged(List<RouteEntry> routes);

    /** Where it listens. */
    InetSocketAddress address();

    /** Stops accepting connections; in-flight requests are answered or fail. */
    @Override
    void close();
}
