package dev.trellis.examples.data;

import dev.trellis.data.Batch;
import dev.trellis.data.Data;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated stand-in for the seed's {@code nyc_taxi_2021.parquet} (no network here): the same
 * columns ({@code passenger_count}, {@code trip_distance}, {@code fare_amount},
 * {@code trip_duration}, {@code hour}, {@code day_of_week}, {@code is_big_tip}), drawn from a
 * fixed seed, the label following a rule the features explain in part (longer card-paid-like
 * night trips tip more, plus noise), so a model has something to learn.
 */
public final class TaxiTrips {
    private TaxiTrips() {
    }

    /** Writes {@code rows} trips as Parquet files under {@code directory}; returns the files. */
    public static List<String> write(String directory, long rows, int files) {
        return Data.range(rows, files).mapBatches(TaxiTrips::trips).writeParquet(directory);
    }

    /** The trips for a block of ids (each trip drawn from its id, so any split of ids gives the same trips). */
    public static Batch trips(Batch ids) {
        long[] id = ids.longs("id");
        int n = id.length;
        long[] passengers = new long[n];
        double[] distance = new double[n];
        double[] fare = new double[n];
        double[] duration = new double[n];
        long[] hour = new long[n];
        long[] day = new long[n];
        long[] bigTip = new long[n];
        for (int i = 0; i < n; i++) {
            var r = new SplittableRandom(id[i] * 0x9E3779B97F4A7C15L + 17);
            passengers[i] = 1 + r.nextInt(6);
            distance[i] = Math.round(Math.max(0.1, -Math.log(1 - r.nextDouble()) * 3.0) * 100) / 100.0;
            duration[i] = Math.round((distance[i] * (2.5 + r.nextDouble() * 2) + r.nextDouble() * 5) * 60);
            fare[i] = Math.round((2.5 + distance[i] * 2.5 + duration[i] / 60 * 0.5) * 100) / 100.0;
            hour[i] = r.nextInt(24);
            day[i] = r.nextInt(7);
            double score = 0.08 * distance[i] + (hour[i] >= 20 || hour[i] < 5 ? 0.6 : 0) - 0.15 * passengers[i]
                    + (day[i] >= 5 ? 0.3 : 0) + r.nextGaussian() * 0.6;
            bigTip[i] = score > 0.15 ? 1 : 0;
        }
        return Batch.of("passenger_count", passengers, "trip_distance", distance, "fare_amount", fare,
                "trip_duration", duration, "hour", hour, "day_of_week", day, "is_big_tip", bigTip);
    }
}
