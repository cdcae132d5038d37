package dev.trellis.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The stand-in models classify the real iris data set (scikit-learn's iris.csv) about as well as the real ones. */
class IrisStandInsTest {
    private record Sample(IrisFeatures features, String species) {
    }

    private static final IrisFeatures TUTORIAL_SAMPLE = new IrisFeatures(1.2, 1.0, 1.1, 0.9);

    @Test
    void logisticRegressionIsAccurateOnIris() throws IOException {
        assertThat(accuracy(new LogisticRegressionStandIn()::predict)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void gradientBoostingIsAccurateOnIris() throws IOException {
        assertThat(accuracy(new GradientBoostingStandIn()::predict)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void petalRuleIsAccurateOnIris() throws IOException {
        assertThat(accuracy(IrisApp::classifyByPetals)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void bothModelsCallTheTutorialSampleSetosa() {
        assertThat(new LogisticRegressionStandIn().predict(TUTORIAL_SAMPLE)).isEqualTo("setosa");
        assertThat(new GradientBoostingStandIn().predict(TUTORIAL_SAMPLE)).isEqualTo("setosa");
    }

    private static double accuracy(Function<IrisFeatures, String> model) throws IOException {
        List<Sample> samples = irisSamples();
        long correct = samples.stream().filter(s -> model.apply(s.features()).equals(s.species())).count();
        return (double) correct / samples.size();
    }

    /** iris.csv: a header line "150,4,setosa,versicolor,virginica", then four features and a class index per line. */
    private static List<Sample> irisSamples() throws IOException {
        try (var in = Objects.requireNonNull(IrisStandInsTest.class.getResourceAsStream("/iris.csv"), "iris.csv");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String[] header = reader.readLine().split(",");
            var samples = new ArrayList<Sample>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] v = line.split(",");
                var features = new IrisFeatures(Double.parseDouble(v[0]), Double.parseDouble(v[1]),
                        Double.parseDouble(v[2]), Double.parseDouble(v[3]));
                samples.add(new Sample(features, header[2 + Integer.parseInt(v[4])]));
            }
            assertThat(samples).hasSize(Integer.parseInt(header[0]));
            return samples;
        }
    }
}
