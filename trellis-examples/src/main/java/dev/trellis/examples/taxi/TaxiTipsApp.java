package dev.trellis.examples.taxi;

import dev.trellis.examples.ModelArgs;
import dev.trellis.models.data.SyntheticTaxiTrips;
import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import java.util.List;
import java.util.Locale;

/**
 * Seed 001's taxi tip classifier, served online: an XGBoost model (trained by Python xgboost on
 * synthetic NYC-taxi-like trips) behind one deployment that takes the seed's DataFrame records.
 *
 * <pre>
 * POST /tips  [{"trip_distance": 3.5, ...}, ...]  -&gt; OnlinePredictor -&gt; [0.1514, ...]
 * </pre>
 *
 * Run it with {@code ./trellis serve run examples/taxi-tips.yaml}. {@link #main} also runs the
 * seed's offline part: predictions for a whole generated data set, in batches, on two replicas.
 */
public final class TaxiTipsApp {

    private TaxiTipsApp() {
    }

    /**
     * The online predictor, serving the XGBoost model at {@code args.model()} (a
     * {@link dev.trellis.examples.ModelLocations location}) or, by default, the committed
     * fixture; import path {@code dev.trellis.examples.taxi.TaxiTipsApp:app}, with optional
     * {@code args: {model: <location>}}.
     */
    public static Application<OnlineTipPredictor> app(ModelArgs args) {
        return Serve.deployment(OnlineTipPredictor.class).bind(args.modelOr(OnlineTipPredictor.TAXI_XGBOOST));
    }

    /** {@code count} synthetic trips from the Java generator of the model's training data, the same for the same seed. */
    public static List<TaxiTrip> generateTrips(int count, long seed) {
        return SyntheticTaxiTrips.generate(count, seed).stream().map(TaxiTipsApp::toRecord).toList();
    }

    /** Whether each of {@code count} trips generated with {@code seed} tipped at least 20%. */
    public static List<Boolean> generatedLabels(int count, long seed) {
        return SyntheticTaxiTrips.generate(count, seed).stream().map(SyntheticTaxiTrips.Trip::tippedAtLeast20Percent).toList();
    }

    /** The generator's trip as a JSON record; its floats become the decimals a meter prints (3.09, not 3.0899999141693115). */
    private static TaxiTrip toRecord(SyntheticTaxiTrips.Trip trip) {
        return new TaxiTrip(decimal(trip.tripDistance()), trip.passengerCount(), trip.pickupHour(), trip.paymentType(),
                decimal(trip.durationMinutes()), decimal(trip.fareAmount()));
    }

    /** The shortest decimal that reads back as {@code value}, so the model still sees exactly {@code value}. */
    private static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    /**
     * The seed's offline prediction: generates 2,000 trips, predicts them in batches of 250 on two
     * replicas of the predictor, and prints how often "big tip" (probability at least 0.5) was right.
     */
    public static void main(String[] args) {
        int count = 2_000;
        long seed = 7;
        try {
            DeploymentHandle<OnlineTipPredictor> predictor = Serve.run(
                    Serve.deployment(OnlineTipPredictor.class).options(o -> o.numReplicas(2))
                            .bind(OnlineTipPredictor.TAXI_XGBOOST), "taxi_tips_offline", null);
            List<Double> probabilities = BatchTipPrediction.predict(predictor, generateTrips(count, seed), 250);
            List<Boolean> labels = generatedLabels(count, seed);
            long right = 0;
            for (int i = 0; i < count; i++) {
                right += (probabilities.get(i) >= 0.5) == labels.get(i) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "predicted %d trips in batches of 250 on 2 replicas: %.1f%% right%n",
                    count, 100.0 * right / count);
        } finally {
            Serve.shutdown();
        }
    }
}
