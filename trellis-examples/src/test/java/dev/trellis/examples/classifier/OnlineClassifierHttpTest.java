package dev.trellis.examples.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.ExampleServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * examples/online-classifier.yaml, run as the README says: the real network answers for the
 * committed Fashion-MNIST sample what it answered when it was trained, image by image, and the
 * README's sample images and bad requests get the answers the README shows.
 */
class OnlineClassifierHttpTest {
    private final ObjectMapper json = new ObjectMapper();
    private ExampleServer server;

    @BeforeEach
    void start() {
        server = ExampleServer.start("online-classifier.yaml");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode classify(String imageFile) throws Exception {
        HttpResponse<String> response = server.post("/predict",
                Files.readString(ExampleServer.configFile("images/" + imageFile)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    @Test
    void everyFashionMnistSampleImageGetsTheReferenceLabelAndProbability() throws Exception {
        FashionSample sample = FashionSample.load();
        List<Integer> predicted = new ArrayList<>();
        for (int i = 0; i < sample.size(); i++) {
            HttpResponse<String> response = server.post("/predict", sample.body(i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode prediction = json.readTree(response.body());

            int expected = sample.referenceLabels().get(i);
            assertThat(prediction.get("predicted_label").asInt()).as("image " + i).isEqualTo(expected);
            assertThat(prediction.get("class_name").asText()).as("image " + i).isEqualTo(FashionClass.values()[expected].label());
            assertThat(prediction.get("score").asDouble()).as("image " + i)
                    .isCloseTo(sample.referenceScores(i)[expected], within(1e-4));
            predicted.add(prediction.get("predicted_label").asInt());
        }
        assertThat(sample.correct(predicted)).isEqualTo(sample.correct(sample.referenceLabels()));
    }

    /** The README's images are Fashion-MNIST test images 2 (a trouser) and 0 (an ankle boot), from the committed sample. */
    @Test
    void theReadmesImagesAreFashionMnistTestImages() throws Exception {
        FashionSample sample = FashionSample.load();

        assertThat(sample.sample().get("test_indices").get(2).asInt()).isEqualTo(2);
        assertThat(pixelsOf("trouser.json")).isEqualTo(sample.sample().get("images").get(2));
        assertThat(sample.sample().get("test_indices").get(0).asInt()).isEqualTo(0);
        assertThat(pixelsOf("ankle-boot.json")).isEqualTo(sample.sample().get("images").get(0));
    }

    @Test
    void theSampleTrouserIsClassifiedAsTrouser() throws Exception {
        JsonNode prediction = classify("trouser.json");

        assertThat(prediction.get("class_name").asText()).isEqualTo("Trouser");
        assertThat(prediction.get("predicted_label").asInt()).isEqualTo(1);
        assertThat(prediction.get("score").asDouble()).isCloseTo(FashionSample.load().referenceScores(2)[1], within(1e-4));
    }

    @Test
    void theSampleAnkleBootIsClassifiedAsAnkleBoot() throws Exception {
        JsonNode prediction = classify("ankle-boot.json");

        assertThat(prediction.get("class_name").asText()).isEqualTo("Ankle boot");
        assertThat(prediction.get("predicted_label").asInt()).isEqualTo(9);
        assertThat(prediction.get("score").asDouble()).isCloseTo(FashionSample.load().referenceScores(0)[9], within(1e-4));
    }

    private JsonNode pixelsOf(String imageFile) throws Exception {
        return json.readTree(Files.readString(ExampleServer.configFile("images/" + imageFile))).get("pixels");
    }

    @Test
    void labelsListsTheTenClasses() throws Exception {
        HttpResponse<String> response = server.get("/predict/labels");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get(9).asText()).isEqualTo("Ankle boot");
        assertThat(json.readTree(response.body())).hasSize(10);
    }

    @Test
    void anImageWithTooFewPixelsIsABadRequestSayingHowManyAreNeeded() throws Exception {
        HttpResponse<String> response = server.post("/predict", "{\"pixels\": [0, 128, 255]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("message").asText())
                .isEqualTo("invalid Image: an image needs 784 pixels (28 x 28, row by row), got 3");
    }

    @Test
    void aPixelAbove255IsABadRequestNamingIt() throws Exception {
        String pixels = String.join(", ", Collections.nCopies(783, "0"));
        HttpResponse<String> response = server.post("/predict", "{\"pixels\": [" + pixels + ", 256]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("pixel 783 (row 27, column 27) is 256.0");
    }

    @Test
    void aBodyWithoutPixelsIsABadRequestNamingTheField() throws Exception {
        HttpResponse<String> response = server.post("/predict", "{\"image\": [0, 1]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("'pixels'");
    }

    @Test
    void theOpenApiDocumentListsBothRoutes() throws Exception {
        HttpResponse<String> response = server.get("/predict/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = json.readTree(response.body()).get("paths");
        assertThat(paths.has("/predict")).as(paths.toString()).isTrue();
        assertThat(paths.has("/predict/labels")).as(paths.toString()).isTrue();
    }
}
