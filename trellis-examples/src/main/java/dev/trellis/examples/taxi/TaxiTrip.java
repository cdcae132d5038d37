package dev.trellis.examples.taxi;

import static dev.trellis.examples.InputChecks.requireBetween;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One taxi trip as the tip classifier reads it: a record of the seed's DataFrame, sent as
 * {@code pd.DataFrame(batch).to_json(orient="records")} writes it, with named fields:
 * <pre>{@code
 * {"trip_distance": 3.5, "passenger_count": 1, "pickup_hour": 9, "payment_type": 1,
 *  "duration_minutes": 19.2, "fare_amount": 21.78}
 * }</pre>
 * Every field is required; an unknown field (a label column left in, a typo) is refused rather
 * than ignored. Values a meter could not print are refused naming the field, e.g.
 * {@code pickup_hour must be from 0 to 23, was 25}, with an
 * {@link dev.trellis.serve.InvalidInputException} (400 over HTTP). The upper bounds are far
 * above any city trip (the training data has at most 40 miles) and refuse typos and overflow,
 * such as {@code 1e400}, which a double reads as Infinity.
 *
 * @param tripDistance    miles, 0 to 500
 * @param passengerCount  passengers, 0 to 9 (the TLC records have 0 for "not entered")
 * @param pickupHour      hour of the pickup, 0 to 23
 * @param paymentType     the TLC code: 1 credit card, 2 cash, 3 no charge, 4 dispute, 5 unknown, 6 voided
 * @param durationMinutes minutes from pickup to drop-off, 0 to 1,440 (a day)
 * @param fareAmount      the metered fare, dollars, 0 to 10,000
 */
public record TaxiTrip(
        @JsonProperty("trip_distance") double tripDistance,
        @JsonProperty("passenger_count") int passengerCount,
        @JsonProperty("pickup_hour") int pickupHour,
        @JsonProperty("payment_type") int paymentType,
        @JsonProperty("duration_minutes") double durationMinutes,
        @JsonProperty("fare_amount") double fareAmount) {

    /** The model's feature columns, in the order {@link #features()} lists them (and the model was trained on). */
    public static final List<String> FEATURE_NAMES = List.of(
            "trip_distance", "passenger_count", "pickup_hour", "payment_type", "duration_minutes", "fare_amount");

    public TaxiTrip {
        requireBetween("trip_distance", tripDistance, 0, 500);
        requireBetween("passenger_count", passengerCount, 0, 9);
        requireBetween("pickup_hour", pickupHour, 0, 23);
        requireBetween("payment_type", paymentType, 1, 6);
        requireBetween("duration_minutes", durationMinutes, 0, 1_440);
        requireBetween("fare_amount", fareAmount, 0, 10_000);
    }

    /** The features as the model's input row, in {@link #FEATURE_NAMES} order. */
    public float[] features() {
        return new float[] {(float) tripDistance, passengerCount, pickupHour, paymentType,
                (float) durationMinutes, (float) fareAmount};
    }
}
