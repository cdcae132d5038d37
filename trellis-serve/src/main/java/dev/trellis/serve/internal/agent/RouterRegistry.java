package dev.trellis.serve.internal.agent;

import dev.trellis.serve.internal.router.PowerOfTwoChoicesRouter;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One router per deployment per node, shared by every handle to that deployment on this node,
 * so in-flight counts are node-wide. A router made before the controller's first update for
 * its deployment queues calls until replicas are known. Thread-safe.
 */
public final class RouterRegistry {
    private final Map<String, PowerOfTwoChoicesRouter> routers = new ConcurrentHashMap<>();

    public PowerOfTwoChoicesRouter router(String applicationName, String deploymentName) {
        String id = applicationName + "#" + deploymentName;
        return routers.computeIfAbsent(id, k -> new PowerOfTwoChoicesRouter(k, new SplittableRandom()));
    }
}
