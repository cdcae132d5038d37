package dev.trellis.serve.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ReplicaMetrics}: calls, gauges, batches, and removal when the replica stops. */
class ReplicaMetricsTest {
    private final ServeMetrics serve = new ServeMetrics();
    private final AtomicInteger processing = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final ReplicaMetrics metrics = new ReplicaMetrics(serve, "app", "Model", "app#Model#1",
            processing::get, pending::get);

    @Test
    void finishedCallsAreCountedAndTimedAndFailuresCountedAsErrors() {
        metrics.callFinished(TimeUnit.MILLISECONDS.toNanos(4), false);
        metrics.callFinished(TimeUnit.MILLISECONDS.toNanos(6), true);

        var registry = serve.registry();
        assertThat(registry.get(ReplicaMetrics.REQUESTS).tag("replica", "app#Model#1").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get(ReplicaMetrics.ERRORS).counter().count()).isEqualTo(1);
        assertThat(registry.get(ReplicaMetrics.PROCESSING_LATENCY).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10);
    }

    @Test
    void gaugesReadTheReplicasCountsAtScrapeTime() {
        processing.set(3);
        pending.set(5);

        assertThat(serve.registry().get(ReplicaMetrics.PROCESSING).gauge().value()).isEqualTo(3);
        assertThat(serve.registry().get(ReplicaMetrics.PENDING).gauge().value()).isEqualTo(5);
    }

    @Test
    void batchesAreRecordedPerMethod() {
        var observer = metrics.batches("Model.predict");
        observer.batchRan(4, 1_000);
        observer.batchRan(2, 1_000);

        var sizes = serve.registry().get(ReplicaMetrics.BATCH_SIZE).tag("method", "Model.predict").summary();
        assertThat(sizes.count()).isEqualTo(2);
        assertThat(sizes.totalAmount()).isEqualTo(6);
    }

    @Test
    void closingRemovesEveryMeterOfTheReplicaIncludingLaterOnes() {
        metrics.batches("Model.predict");
        metrics.close();
        metrics.batches("Model.other");

        assertThat(serve.registry().getMeters()).isEmpty();
    }
}
