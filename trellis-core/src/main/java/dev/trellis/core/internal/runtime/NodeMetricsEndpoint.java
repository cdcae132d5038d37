package dev.trellis.core.internal.runtime;

import dev.trellis.core.MetricsBinding;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The metrics of a node process ({@code NodeMain --metrics-port}): one Prometheus registry
 * holding this JVM's node metrics ({@code trellis_core_*}, following the node) and the JVM's
 * own (memory, GC, threads, CPU: {@code jvm_*}, {@code process_*}, {@code system_*}), served
 * on 127.0.0.1 by a {@link MetricsServer}. {@link #close()} stops serving and releases all.
 */
final class NodeMetricsEndpoint implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final MetricsBinding core;
    private final JvmGcMetrics gc;
    private final MetricsServer server;

    private NodeMetricsEndpoint(PrometheusMeterRegistry registry, MetricsBinding core, JvmGcMetrics gc,
                                MetricsServer server) {
        this.registry = registry;
        this.core = core;
        this.gc = gc;
        this.server = server;
    }

    /**
     * Serves this JVM's metrics on 127.0.0.1:{@code port} (0: a free port).
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    static NodeMetricsEndpoint start(int port) {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsBinding core = CoreRuntimes.bindMetrics(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        var gc = new JvmGcMetrics();
        gc.bindTo(registry);
        try {
            return new NodeMetricsEndpoint(registry, core, gc, MetricsServer.start(port, registry));
        } catch (IOException | RuntimeException e) {
            core.close();
            gc.close();
            registry.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** {@code http://127.0.0.1:PORT/metrics}. */
    String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        core.close();
        gc.close();
        registry.close();
    }
}
