package dev.trellis.models.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic NYC-taxi-like trips, generated in code, for the taxi tip classifier (Ray's seed
 * 001): will this trip's tip be at least 20% of the fare? The same generator as the Python
 * script that trained the committed {@code fixtures/models/taxi_xgboost} model
 * ({@code fixtures/scripts/make_taxi_xgboost.py}): the same columns, distributions and tip
 * formula, but not the same random stream, so the trips differ and their statistics agree.
 *
 * <p>Each trip has, in {@link #FEATURE_NAMES} order:
 * <ul>
 * <li>{@code trip_distance}: miles, log-normal (median about 2.2), clipped to [0.1, 40], 2 decimals;</li>
 * <li>{@code passenger_count}: 1 to 6 (1 for 70% of trips);</li>
 * <li>{@code pickup_hour}: 0 to 23, uniform;</li>
 * <li>{@code payment_type}: the TLC code: 1 credit card (70%), 2 cash (28%), 3 no charge, 4 dispute;</li>
 * <li>{@code duration_minutes}: distance at a speed of about 12 mph, plus noise, at least 1, 1 decimal;</li>
 * <li>{@code fare_amount}: $3 + $2.50 a mile + $0.50 a minute, plus noise, at least $3, 2 decimals.</li>
 * </ul>
 * The tip, as a fraction of the fare, is {@code 0.18 + 0.06 (night: pickup 20:00 to 03:59)
 * + 0.04 (two or more passengers) - 0.006 * trip_distance + N(0, 0.03)} for card payments, and 0
 * otherwise (as in the TLC records, where cash tips are not recorded). The label is
 * {@code tip >= 0.20}; about 30% of trips are positive.
 */
public final class SyntheticTaxiTrips {
    /** The feature columns, in row order. */
    public static final List<String> FEATURE_NAMES = List.of(
            "trip_distance", "passenger_count", "pickup_hour", "payment_type", "duration_minutes", "fare_amount");

    private static final int[] PAYMENT_TYPES = {1, 2, 3, 4};
    private static final double[] PAYMENT_WEIGHTS = {0.70, 0.28, 0.01, 0.01};
    private static final int[] PASSENGER_COUNTS = {1, 2, 3, 4, 5, 6};
    private static final double[] PASSENGER_WEIGHTS = {0.70, 0.14, 0.05, 0.03, 0.05, 0.03};

    private SyntheticTaxiTrips() {
    }

    /** One trip, and the fraction of its fare that was tipped. */
    public record Trip(float tripDistance, int passengerCount, int pickupHour, int paymentType,
            float durationMinutes, float fareAmount, double tipFraction) {

        /** The label: the tip is at least 20% of the fare. */
        public boolean tippedAtLeast20Percent() {
            return tipFraction >= 0.20;
        }

        /** The features, in {@link #FEATURE_NAMES} order. */
        public float[] features() {
            return new float[] {tripDistance, passengerCount, pickupHour, paymentType, durationMinutes, fareAmount};
        }
    }

    /** {@code count} trips, the same for the same seed. */
    public static List<Trip> generate(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Trip> trips = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            trips.add(trip(random));
        }
        return List.copyOf(trips);
    }

    /** The trips' features, one row per trip. */
    public static float[][] features(List<Trip> trips) {
        return trips.stream().map(Trip::features).toArray(float[][]::new);
    }

    /** The trips' labels: 1 where the tip is at least 20% of the fare, else 0. */
    public static float[] labels(List<Trip> trips) {
        float[] labels = new float[trips.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = trips.get(i).tippedAtLeast20Percent() ? 1f : 0f;
        }
        return labels;
    }

    private static Trip trip(SplittableRandom random) {
        double distance = Math.clamp(Math.exp(0.8 + 0.7 * random.nextGaussian()), 0.1, 40.0);
        int passengers = choose(random, PASSENGER_COUNTS, PASSENGER_WEIGHTS);
        int hour = random.nextInt(24);
        int payment = choose(random, PAYMENT_TYPES, PAYMENT_WEIGHTS);
        double speedMph = Math.clamp(12.0 + 3.0 * random.nextGaussian(), 3.0, 40.0);
        double duration = Math.max(1.0, distance / speedMph * 60.0 + 2.0 * random.nextGaussian());
        double fare = Math.max(3.0, 3.0 + 2.5 * distance + 0.5 * duration + random.nextGaussian());

        distance = round(distance, 2);
        duration = round(duration, 1);
        fare = round(fare, 2);

        boolean night = hour >= 20 || hour < 4;
        double tip = 0.18 + (night ? 0.06 : 0) + (passengers >= 2 ? 0.04 : 0) - 0.006 * distance
                + 0.03 * random.nextGaussian();
        tip = payment == 1 ? Math.max(tip, 0.0) : 0.0;
        return new Trip((float) distance, passengers, hour, payment, (float) duration, (float) fare, tip);
    }

    private static int choose(SplittableRandom random, int[] values, double[] weights) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < values.length; i++) {
            cumulative += weights[i];
            if (u < cumulative) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
