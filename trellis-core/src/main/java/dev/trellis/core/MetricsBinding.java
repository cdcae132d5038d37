package dev.trellis.core;

/**
 * A registry's subscription to this JVM's node metrics, from {@link Trellis#bindMetrics}.
 * {@link #close()} removes the node's meters from the registry and binds no later node to it;
 * it is idempotent and never throws.
 */
@FunctionalInterface
public interface MetricsBinding extends AutoCloseable {
    @Override
    void close();
}
