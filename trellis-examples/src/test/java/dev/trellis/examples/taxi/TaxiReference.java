package dev.trellis.examples.taxi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.examples.Fixtures;
import java.util.ArrayList;
import java.util.List;

/**
 * The taxi fixture's reference ({@code models/taxi_xgboost/reference.json}): trips from its test
 * set (the six features, as exact float values) and the big-tip probabilities Python xgboost
 * predicted for them.
 */
record TaxiReference(List<TaxiTrip> trips, List<Double> probabilities, double testAccuracy) {

    static TaxiReference load() {
        JsonNode reference = Fixtures.reference("taxi_xgboost");
        List<TaxiTrip> trips = new ArrayList<>();
        for (JsonNode row : reference.get("inputs")) {
            double[] v = Fixtures.doubles(row);
            trips.add(new TaxiTrip(v[0], (int) v[1], (int) v[2], (int) v[3], v[4], v[5]));
        }
        List<Double> probabilities = new ArrayList<>();
        reference.get("probabilities").forEach(p -> probabilities.add(p.doubleValue()));
        return new TaxiReference(List.copyOf(trips), List.copyOf(probabilities), reference.get("test_accuracy").doubleValue());
    }
}
