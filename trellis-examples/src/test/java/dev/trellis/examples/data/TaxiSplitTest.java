package dev.trellis.examples.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.data.Aggregate;
import dev.trellis.data.Data;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Lesson 1's data steps on generated taxi trips: read, split 70/30, drop the label, take a batch. */
@Timeout(120)
class TaxiSplitTest {
    @BeforeEach
    void start() {
        Trellis.init(TrellisOptions.builder().numCpus(2).build());
    }

    @AfterEach
    void stop() {
        Trellis.shutdown();
    }

    @Test
    void theTripsAreSplitSeventyThirtyAndTheValidationInputsHaveNoLabel(@TempDir Path dir) {
        TaxiSplit.Result r = TaxiSplit.run(dir.toString());
        assertThat(r.trainRows()).isEqualTo(70_000);
        assertThat(r.validRows()).isEqualTo(30_000);
        assertThat(r.sample().numRows()).isEqualTo(3);
        assertThat(r.sample().columnNames()).containsExactly("passenger_count", "trip_distance", "fare_amount",
                "trip_duration", "hour", "day_of_week");
        // The label is neither constant nor rare, so a model has something to learn.
        double share = Data.readParquet(dir.toString()).aggregate(Aggregate.mean("is_big_tip")).getDouble("mean(is_big_tip)");
        assertThat(share).isBetween(0.2, 0.8);
        // The generator draws each trip from its id: the same ids give the same trips.
        assertThat(TaxiTrips.trips(dev.trellis.data.Batch.of("id", new long[] {5, 6})).rows())
                .isEqualTo(TaxiTrips.trips(dev.trellis.data.Batch.of("id", new long[] {5, 6})).rows());
    }
}
