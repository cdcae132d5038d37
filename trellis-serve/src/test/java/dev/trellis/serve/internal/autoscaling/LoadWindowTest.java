package dev.trellis.serve.internal.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.ManualClock;
import dev.trellis.serve.AutoscalingConfig.AggregationFunction;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LoadWindow} on a {@link ManualClock}: aggregation per reporter, sums over reporters, ageing out. */
class LoadWindowTest {
    private static final Duration LOOK_BACK = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private final LoadWindow window = new LoadWindow();

    @Test
    void noSampleMeansNoLoad() {
        assertThat(window.totalOngoing(clock.instant(), LOOK_BACK, AggregationFunction.MEAN)).isZero();
        assertThat(window.latestInFlight(clock.instant(), LOOK_BACK)).isEmpty();
    }

    @Test
    void ongoingIsQueuedPlusInFlightOnEveryReplica() {
        window.record("node-1", clock.instant(), 3, Map.of("r1", 2, "r2", 5));

        assertThat(window.totalOngoing(clock.instant(), LOOK_BACK, AggregationFunction.MEAN)).isEqualTo(10);
        assertThat(window.totalQueued(clock.instant(), LOOK_BACK, AggregationFunction.MEAN)).isEqualTo(3);
    }

    @Test
    void aggregatesSamplesWithMeanMaxOrMin() {
        recordAndTick("node-1", 2);
        recordAndTick("node-1", 4);
        recordAndTick("node-1", 9);

        assertThat(window.totalOngoing(clock.instant(), LOOK_BACK, AggregationFunction.MEAN)).isEqualTo(5);
        assertThat(window.totalOngoing(clock.instant(), LOOK_BACK, AggregationFunction.MAX)).isEqualTo(9);
        assertThat(window.totalOngoing(clock.instant(), LOOK_BACK, AggregationFunction.MIN)).isEqualTo(2);
    }

    @Test
    void reportersAddUp() {
        window.record("node-1", clock.instant(), 1, Map.of("r1", 2));
        window.record("node-2", clock.instant(), 0, Map.of("r1", 1, "r2", 4));

        assertThat(window.totalOngoing(clock.instant(), LOOK_BACK, AggregationFunction.MEAN)).isEqualTo(8);
        assertThat(window.latestInFlight(clock.instant(), LOOK_BACK)).containsExactlyInAnyOrderEntriesOf(
                Map.of("r1", 3, "r2", 4));
    }

    @Test
    void samplesOlderThanTheLookBackPeriodNoLongerCount() {
        recordAndTick("node-1", 100);
        clock.advance(Duration.ofSeconds(29));
        window.record("node-1", clock.instant(), 0, Map.of());

        assertThat(window.totalOngoing(clock.instant(), LOOK_BACK, AggregationFunction.MAX)).isEqualTo(100);
        clock.advance(Duration.ofSeconds(1));
        assertThat(window.totalOngoing(clock.instant(), LOOK_BACK, AggregationFunction.MAX)).isZero();
    }

    @Test
    void aReporterThatFellSilentDropsOut() {
        window.record("node-1", clock.instant(), 5, Map.of());
        clock.advance(Duration.ofSeconds(31));
        window.record("node-2", clock.instant(), 1, Map.of());

        assertThat(window.totalOngoing(clock.instant(), LOOK_BACK, AggregationFunction.MEAN)).isEqualTo(1);
        assertThat(window.reporters()).containsExactly("node-2");
    }

    @Test
    void perReplicaFiguresAreAggregatedOverTheWindowAndLatestIsTheLastSample() {
        window.record("node-1", clock.instant(), 0, Map.of("r1", 4, "r2", 0));
        clock.advance(Duration.ofSeconds(1));
        window.record("node-1", clock.instant(), 0, Map.of("r1", 0, "r2", 2));

        assertThat(window.perReplica(clock.instant(), LOOK_BACK, AggregationFunction.MEAN))
                .containsExactlyInAnyOrderEntriesOf(Map.of("r1", 2.0, "r2", 1.0));
        assertThat(window.latestInFlight(clock.instant(), LOOK_BACK))
                .containsExactlyInAnyOrderEntriesOf(Map.of("r1", 0, "r2", 2));
    }

    private void recordAndTick(String reporter, int queued) {
        window.record(reporter, clock.instant(), queued, Map.of());
        clock.advance(Duration.ofSeconds(1));
    }
}
