package dev.trellis.examples.iris;

import static dev.trellis.examples.iris.IrisDataSet.accuracy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stand-in models classify the real iris data set (scikit-learn's iris.csv) about as well as the real ones. */
class IrisStandInsTest {
    private static final IrisFeatures TUTORIAL_SAMPLE = new IrisFeatures(1.2, 1.0, 1.1, 0.9);

    @Test
    void logisticRegressionIsAccurateOnIris() {
        assertThat(accuracy(new LogisticRegressionStandIn()::predict)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void gradientBoostingIsAccurateOnIris() {
        assertThat(accuracy(new GradientBoostingStandIn()::predict)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void petalRuleIsAccurateOnIris() {
        assertThat(accuracy(IrisApp::classifyByPetals)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void bothModelsCallTheTutorialSampleSetosa() {
        assertThat(new LogisticRegressionStandIn().predict(TUTORIAL_SAMPLE)).isEqualTo("setosa");
        assertThat(new GradientBoostingStandIn().predict(TUTORIAL_SAMPLE)).isEqualTo("setosa");
    }
}
