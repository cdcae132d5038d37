package dev.trellis.serve.internal.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.stream.LongStream;

/**
 * The histogram buckets of Trellis's timers and size distributions. Latency buckets are Ray
 * Serve's default ({@code DEFAULT_LATENCY_BUCKET_MS}, 1 ms to 100 s), so dashboards built for
 * Ray's {@code *_latency_ms} histograms translate one to one (Prometheus sees them in seconds,
 * Micrometer's base unit). Fixed buckets, not Micrometer's percentile histogram, keep every
 * timer at 17 {@code _bucket} series.
 */
public final class LatencyBuckets {
    private static final Duration[] LATENCY = LongStream.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000,
            10_000, 20_000, 50_000, 100_000).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    private static final double[] SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private LatencyBuckets() {
    }

    /** A timer builder with the latency buckets. */
    public static Timer.Builder timer(String name) {
        return Timer.builder(name).serviceLevelObjectives(LATENCY);
    }

    /** A distribution builder with power-of-two size buckets (1 to 1024). */
    public static DistributionSummary.Builder sizes(String name) {
        return DistributionSummary.builder(name).serviceLevelObjectives(SIZES);
    }
}
