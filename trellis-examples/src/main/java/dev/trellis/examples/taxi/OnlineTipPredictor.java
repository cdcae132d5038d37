package dev.trellis.examples.taxi;

import dev.trellis.examples.ModelLocations;
import dev.trellis.http.ExampleBody;
import dev.trellis.models.Model;
import dev.trellis.models.ModelInputException;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.Prediction;
import dev.trellis.serve.Deployment;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001's {@code OnlinePredictor}: the taxi tip classifier served online. It loads an
 * XGBoost {@code binary:logistic} model once per replica, in its constructor (the seed loads
 * the tuner's best checkpoint), and answers, for a list of trips, the probability of each that
 * the tip is at least 20% of the fare. The same method serves HTTP ({@code POST} at the route
 * prefix, a JSON list of {@link TaxiTrip} records in, a JSON list of probabilities out: Ray's
 * {@code json_request} adapter, as this class has one public method with one parameter) and
 * handle calls ({@code handle.remote(OnlineTipPredictor::predict, trips)}), as the seed's
 * {@code __call__} and {@code predict} do.
 *
 * <p>The model served by default is the fixture {@code fixtures/models/taxi_xgboost}, trained by
 * Python xgboost on synthetic NYC-taxi-like trips ({@code fixtures/scripts/make_taxi_xgboost.py};
 * 85.5% accurate on its test trips, where always answering "no big tip" is 71.9%). Any XGBoost
 * model ({@code .json} or {@code .ubj}) over the same six columns can be served instead: pass its
 * location ({@link ModelLocations}). Thread-safe; the model is closed when the replica stops.
 */
@Deployment(name = "OnlinePredictor")
public final class OnlineTipPredictor implements AutoCloseable {
    /** The committed XGBoost model, as Python xgboost saved it (JSON). */
    public static final String TAXI_XGBOOST = ModelLocations.classpath("models/taxi_xgboost/model.json");

    private final String location;
    private final Model model;

    /**
     * Loads the XGBoost model at {@code location}.
     *
     * @throws ModelLoadException if there is no model there, or it does not take the six trip columns
     *         (by name and order, when the model was saved with feature names, as Python xgboost does)
     */
    public OnlineTipPredictor(String location) {
        this.location = location;
        this.model = ModelLocations.load(location, "xgboost");
        List<String> names = model.featureNames();
        if (model.featureCount() != TaxiTrip.FEATURE_NAMES.size() || !(names.isEmpty() || names.equals(TaxiTrip.FEATURE_NAMES))) {
            String found = names.isEmpty() ? model.featureCount() + " features" : "the features " + names;
            model.close();
            throw new ModelLoadException("the model at " + location + " takes " + found + "; the tip classifier"
                    + " sends " + TaxiTrip.FEATURE_NAMES + ", in that order");
        }
    }

    /**
     * For each trip, in order, the probability that its tip is at least 20% of the fare.
     *
     * @throws ModelInputException (400 over HTTP) when the list is empty or holds a null
     */
    @ExampleBody("[{\"trip_distance\": 3.5, \"passenger_count\": 1, \"pickup_hour\": 9, \"payment_type\": 1,"
            + " \"duration_minutes\": 19.2, \"fare_amount\": 21.78}]")
    public List<Double> predict(List<TaxiTrip> trips) {
        if (trips.isEmpty()) {
            throw new ModelInputException("expected a list of at least one trip, got an empty list");
        }
        float[][] rows = new float[trips.size()][];
        for (int i = 0; i < rows.length; i++) {
            if (trips.get(i) == null) {
                throw new ModelInputException("trip " + i + " is null; expected an object with the fields "
                        + TaxiTrip.FEATURE_NAMES);
            }
            rows[i] = trips.get(i).features();
        }
        List<Double> probabilities = new ArrayList<>(rows.length);
        for (Prediction prediction : model.predict(rows)) {
            float[] scores = prediction.scores();   // a binary:logistic model's [1 - p, p]
            probabilities.add((double) scores[scores.length - 1]);
        }
        return probabilities;
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "OnlineTipPredictor(" + location + ")";
    }
}
