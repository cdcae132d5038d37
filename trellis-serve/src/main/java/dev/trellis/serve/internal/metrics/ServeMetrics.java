package dev.trellis.serve.internal.metrics;

import dev.trellis.core.MetricsBinding;
import dev.trellis.core.Trellis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The metrics of one Serve runtime: a Micrometer registry that the proxy, routers, replicas and
 * controller record into, scraped in Prometheus text format. One per runtime (not Micrometer's
 * global registry), so two runtimes in one JVM, as in tests, never mix their series. The
 * registry also follows this JVM's Trellis Core node ({@link Trellis#bindMetrics}): while one
 * runs here, whether started before or after Serve, its {@code trellis_core_*} series are
 * scraped with Serve's. Thread-safe, as Micrometer's registries are.
 */
public final class ServeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MetricsBinding core = Trellis.bindMetrics(registry);

    /** Where Trellis and user code record meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every series, in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** Releases the registry's meters; the runtime calls it once, at shutdown. */
    public void close() {
        core.close();
        registry.close();
    }
}
