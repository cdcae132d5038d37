package dev.trellis.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The request and response types speak the tutorial's JSON. */
class IrisJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void featuresReadTheTutorialsKeys() throws Exception {
        var features = json.readValue("""
                {"sepal length": 1.2, "sepal width": 1.0, "petal length": 1.1, "petal width": 0.9}
                """, IrisFeatures.class);

        assertThat(features).isEqualTo(new IrisFeatures(1.2, 1.0, 1.1, 0.9));
    }

    @Test
    void predictionNamesEachModel() throws Exception {
        assertThat(json.writeValueAsString(new EnsemblePrediction("virginica", "versicolor")))
                .isEqualTo("{\"logistic\":\"virginica\",\"gradient_boosting\":\"versicolor\"}");
    }
}
