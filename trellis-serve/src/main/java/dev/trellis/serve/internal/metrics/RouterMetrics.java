package dev.trellis.serve.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import java.util.function.IntSupplier;

/**
 * The meters of one deployment's router on this node, tagged {@code application} and
 * {@code deployment}: calls submitted through handles, and calls waiting in the router for a
 * replica with room. Routers live as long as the runtime (handles to a deployment may outlive
 * it), so these meters do too: one pair per deployment ever called, not per replica.
 */
public final class RouterMetrics {
    public static final String HANDLE_REQUESTS = "trellis.serve.num.router.requests";
    public static final String QUEUED = "trellis.serve.deployment.queued.queries";

    private RouterMetrics() {
    }

    /**
     * Registers the queue-length gauge (reading {@code queued} at scrape time) and returns the
     * request counter's increment, to run once per submitted call.
     */
    public static Runnable register(ServeMetrics metrics, String application, String deployment, IntSupplier queued) {
        var registry = metrics.registry();
        Tags tags = Tags.of("application", application, "deployment", deployment);
        Gauge.builder(QUEUED, queued::getAsInt).tags(tags)
                .description("Calls waiting in this node's router for a replica with room").register(registry);
        Counter requests = Counter.builder(HANDLE_REQUESTS).tags(tags)
                .description("Calls submitted to the deployment through handles on this node (HTTP ingress calls included)")
                .register(registry);
        return requests::increment;
    }
}
