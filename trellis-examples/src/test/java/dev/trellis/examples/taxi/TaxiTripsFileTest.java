package dev.trellis.examples.taxi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.ExampleServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** examples/taxi-trips.json, the README's sample payload, is what the Java trip generator makes. */
class TaxiTripsFileTest {
    /** The generator's seed for the sample file. */
    static final long SAMPLE_SEED = 3;

    @Test
    void theSampleTripsAreTheGeneratorsFirstThreeForItsSeed() throws Exception {
        var json = new ObjectMapper();
        var file = json.readTree(Files.readString(ExampleServer.configFile("taxi-trips.json")));

        assertThat(file).isEqualTo(json.valueToTree(TaxiTipsApp.generateTrips(3, SAMPLE_SEED)));
    }
}
