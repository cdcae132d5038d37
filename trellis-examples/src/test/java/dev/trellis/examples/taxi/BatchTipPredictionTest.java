package dev.trellis.examples.taxi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's offline prediction over Serve: a generated data set predicted in batches on two replicas. */
class BatchTipPredictionTest {
    private static final int TRIPS = 600;
    private static final long SEED = 7;
    private DeploymentHandle<OnlineTipPredictor> predictor;

    @BeforeEach
    void start() {
        Serve.start(ServeOptions.builder().http(HttpOptions.builder().port(0).build()).build());
        predictor = Serve.run(Serve.deployment(OnlineTipPredictor.class).options(o -> o.numReplicas(2))
                .bind(OnlineTipPredictor.TAXI_XGBOOST), "taxi_tips_offline", null);
    }

    @AfterEach
    void stop() {
        Serve.shutdown();
    }

    @Test
    void batchesGiveEveryTripItsOwnProbabilityInOrder() {
        List<TaxiTrip> trips = TaxiTipsApp.generateTrips(TRIPS, SEED);

        List<Double> batched = BatchTipPrediction.predict(predictor, trips, 64);

        try (var direct = new OnlineTipPredictor(OnlineTipPredictor.TAXI_XGBOOST)) {
            assertThat(batched).containsExactlyElementsOf(direct.predict(trips));
        }
    }

    /**
     * The generator is the training data's (same columns, distributions and tip formula, another
     * random stream), so the model is about as accurate on its trips as on its own test set.
     */
    @Test
    void onGeneratedTripsTheModelIsAboutAsAccurateAsOnItsTestSet() {
        List<Double> probabilities = BatchTipPrediction.predict(predictor, TaxiTipsApp.generateTrips(TRIPS, SEED), 100);
        List<Boolean> labels = TaxiTipsApp.generatedLabels(TRIPS, SEED);

        long right = 0;
        for (int i = 0; i < TRIPS; i++) {
            right += (probabilities.get(i) >= 0.5) == labels.get(i) ? 1 : 0;
        }
        assertThat((double) right / TRIPS).isCloseTo(TaxiReference.load().testAccuracy(), within(0.05));
    }

    @Test
    void aBatchSizeBelowOneIsRefusedNamingIt() {
        assertThatThrownBy(() -> BatchTipPrediction.predict(predictor, List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch_size must be >= 1, was 0");
    }
}
