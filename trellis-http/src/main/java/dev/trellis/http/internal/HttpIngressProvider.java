package dev.trellis.http.internal;

import dev.trellis.serve.internal.ingress.Ingress;
import dev.trellis.serve.internal.ingress.IngressContext;
import dev.trellis.serve.internal.ingress.IngressProvider;

/**
 * Plugs the HTTP proxy into the Serve runtime: found by {@link java.util.ServiceLoader} when
 * trellis-http is on the class path, started with the runtime unless {@code http_options}
 * disables it.
 */
public final class HttpIngressProvider implements IngressProvider {
    @Override
    public Ingress start(IngressContext context) {
        return context.options().enabled() ? HttpProxy.start(context) : null;
    }
}
