package dev.trellis.examples.taxi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.ExampleServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** examples/taxi-tips.yaml, run from the file and called as the README's curl does: trip records in, probabilities out. */
class TaxiTipsHttpTest {
    private static final String TRIP = "{\"trip_distance\": 3.5, \"passenger_count\": 1, \"pickup_hour\": 9,"
            + " \"payment_type\": 1, \"duration_minutes\": 19.2, \"fare_amount\": 21.78}";
    private static ExampleServer server;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = ExampleServer.start("taxi-tips.yaml");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theReferenceTripsGetPythonXgboostsProbabilities() throws Exception {
        TaxiReference reference = TaxiReference.load();

        HttpResponse<String> response = server.post("/tips", json.writeValueAsString(reference.trips()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode probabilities = json.readTree(response.body());
        assertThat(probabilities).hasSize(reference.probabilities().size());
        for (int i = 0; i < probabilities.size(); i++) {
            assertThat(probabilities.get(i).doubleValue()).as("trip " + i)
                    .isCloseTo(reference.probabilities().get(i), within(1e-6));
        }
    }

    @Test
    void theReadmesTripsFileIsAnswered() throws Exception {
        HttpResponse<String> response = server.post("/tips", Files.readString(ExampleServer.configFile("taxi-trips.json")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try (var model = new OnlineTipPredictor(OnlineTipPredictor.TAXI_XGBOOST)) {
            List<Double> expected = model.predict(TaxiTipsApp.generateTrips(3, TaxiTripsFileTest.SAMPLE_SEED));
            assertThat(json.readValue(response.body(), new TypeReference<List<Double>>() { })).isEqualTo(expected);
        }
    }

    @Test
    void aTripWithoutItsFareIsABadRequestNamingTheField() throws Exception {
        HttpResponse<String> response = server.post("/tips", "[" + TRIP + ", " + TRIP.replace(", \"fare_amount\": 21.78", "") + "]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("fare_amount").contains("[1]");
    }

    @Test
    void aFieldOfTheWrongTypeIsABadRequestNamingIt() throws Exception {
        HttpResponse<String> response = server.post("/tips", "[" + TRIP.replace("\"pickup_hour\": 9", "\"pickup_hour\": \"nine\"") + "]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("pickup_hour").contains("nine");
    }

    @Test
    void anUnknownColumnIsABadRequestNamingIt() throws Exception {
        HttpResponse<String> response = server.post("/tips", "[" + TRIP.replace("}", ", \"is_big_tip\": true}") + "]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("is_big_tip");
    }

    @Test
    void anHourAMeterCannotPrintIsABadRequestNamingIt() throws Exception {
        HttpResponse<String> response = server.post("/tips", "[" + TRIP.replace("\"pickup_hour\": 9", "\"pickup_hour\": 25") + "]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("message").asText())
                .isEqualTo("invalid element '[0]': pickup_hour must be from 0 to 23, was 25");
    }

    @Test
    void anEmptyListIsABadRequest() throws Exception {
        HttpResponse<String> response = server.post("/tips", "[]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("at least one trip");
    }

    @Test
    void oneTripInsteadOfAListIsABadRequest() throws Exception {
        HttpResponse<String> response = server.post("/tips", TRIP);

        assertThat(response.statusCode()).isEqualTo(400);
    }
}
