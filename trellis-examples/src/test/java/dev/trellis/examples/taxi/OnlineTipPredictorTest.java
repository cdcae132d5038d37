package dev.trellis.examples.taxi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trellis.models.ModelInputException;
import dev.trellis.models.ModelLoadException;
import dev.trellis.serve.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The predictor's class, called directly: the XGBoost fixture gives Python xgboost's probabilities for its reference trips. */
class OnlineTipPredictorTest {
    private static final TaxiReference REFERENCE = TaxiReference.load();

    @ParameterizedTest
    @ValueSource(strings = {"classpath:models/taxi_xgboost/model.json", "classpath:models/taxi_xgboost/model.ubj"})
    void predictsPythonXgboostsProbabilitiesForTheReferenceTrips(String location) {
        try (var predictor = new OnlineTipPredictor(location)) {
            List<Double> probabilities = predictor.predict(REFERENCE.trips());

            assertThat(probabilities).hasSameSizeAs(REFERENCE.probabilities());
            for (int i = 0; i < probabilities.size(); i++) {
                assertThat(probabilities.get(i)).as("trip " + i).isCloseTo(REFERENCE.probabilities().get(i), within(1e-6));
            }
        }
    }

    @Test
    void oneTripAtATimeGivesTheSameProbabilitiesAsTheWholeList() {
        try (var predictor = new OnlineTipPredictor(OnlineTipPredictor.TAXI_XGBOOST)) {
            List<Double> together = predictor.predict(REFERENCE.trips());
            for (int i = 0; i < 5; i++) {
                assertThat(predictor.predict(List.of(REFERENCE.trips().get(i)))).containsExactly(together.get(i));
            }
        }
    }

    @Test
    void anEmptyListIsABadInput() {
        try (var predictor = new OnlineTipPredictor(OnlineTipPredictor.TAXI_XGBOOST)) {
            assertThatThrownBy(() -> predictor.predict(List.of()))
                    .isInstanceOf(ModelInputException.class)
                    .hasMessage("expected a list of at least one trip, got an empty list");
        }
    }

    @Test
    void aMissingModelFailsNamingIt() {
        assertThatThrownBy(() -> new OnlineTipPredictor("classpath:models/taxi_lightgbm/model.txt"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("models/taxi_lightgbm/model.txt");
    }

    @Test
    void aModelOverOtherColumnsIsRefusedNamingThem(@TempDir Path dir) throws Exception {
        String json = Files.readString(Path.of("..", "fixtures", "models", "taxi_xgboost", "model.json"));
        Path other = Files.writeString(dir.resolve("model.json"), json.replace("\"fare_amount\"", "\"tip_amount\""));

        assertThatThrownBy(() -> new OnlineTipPredictor(other.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tip_amount")
                .hasMessageContaining("the tip classifier sends [trip_distance, passenger_count, pickup_hour,"
                        + " payment_type, duration_minutes, fare_amount], in that order");
    }

    @Test
    void aTripValueAMeterCannotPrintIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new TaxiTrip(1.2, 1, 24, 1, 7.5, 9.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("pickup_hour must be from 0 to 23, was 24");
        assertThatThrownBy(() -> new TaxiTrip(-1, 1, 3, 1, 7.5, 9.1))
                .hasMessage("trip_distance must be a finite number from 0 to 500, was -1.0");
    }
}
