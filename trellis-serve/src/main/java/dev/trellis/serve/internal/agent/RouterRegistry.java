package dev.trellis.serve.internal.agent;

import dev.trellis.serve.internal.metrics.RouterMetrics;
import dev.trellis.serve.internal.metrics.ServeMetrics;
import dev.trellis.serve.internal.router.PowerOfTwoChoicesRouter;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * One router per deployment per node, shared by every handle to that deployment on this node,
 * so in-flight counts are node-wide. A router made before the controller's first update for
 * its deployment queues calls until replicas are known. Thread-safe.
 */
public final class RouterRegistry {
    private final Map<String, PowerOfTwoChoicesRouter> routers = new ConcurrentHashMap<>();
    private final ServeMetrics metrics;
    private volatile BiConsumer<String, String> queuedWithoutReplicas = (app, deployment) -> { };

    /** @param metrics where each router's request counter and queue-length gauge go */
    public RouterRegistry(ServeMetrics metrics) {
        this.metrics = metrics;
    }

    public PowerOfTwoChoicesRouter router(String applicationName, String deploymentName) {
        String id = applicationName + "#" + deploymentName;
        return routers.computeIfAbsent(id, k -> {
            var router = new PowerOfTwoChoicesRouter(k, new SplittableRandom());
            router.onSubmit(RouterMetrics.register(metrics, applicationName, deploymentName, router::queuedCalls));
            router.onQueuedWithoutReplicas(() -> queuedWithoutReplicas.accept(applicationName, deploymentName));
            return router;
        });
    }

    /** The deployment's router on this node if one was made (a handle to it exists), else null. */
    public PowerOfTwoChoicesRouter existing(String applicationName, String deploymentName) {
        return routers.get(applicationName + "#" + deploymentName);
    }

    /**
     * Who hears (application, deployment) when one of these routers has calls waiting and no
     * replica (see {@link PowerOfTwoChoicesRouter#onQueuedWithoutReplicas}); routers made
     * earlier tell it too.
     */
    public void onQueuedWithoutReplicas(BiConsumer<String, String> listener) {
        queuedWithoutReplicas = listener;
    }
}
