package dev.trellis.examples.composition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trellis.examples.iris.IrisDataSet;
import dev.trellis.examples.iris.IrisFeatures;
import org.junit.jupiter.api.Test;

/** The SVM pipeline's steps, called directly: the scaler standardizes, the SVM classifies iris well. */
class CompositionStandInsTest {
    private final FeatureScaler scaler = new FeatureScaler();
    private final LinearSvmStandIn svm = new LinearSvmStandIn();

    @Test
    void theMeanFlowerScalesToZeros() {
        StandardizedFeatures z = scaler.scale(new IrisFeatures(5.843, 3.057, 3.758, 1.199));

        assertThat(z.vector()).containsExactly(new double[] {0, 0, 0, 0}, within(1e-12));
    }

    @Test
    void aFlowerOneStandardDeviationAboveTheMeanScalesToOnes() {
        StandardizedFeatures z = scaler.scale(new IrisFeatures(5.843 + 0.825, 3.057 + 0.434, 3.758 + 1.759, 1.199 + 0.760));

        assertThat(z.vector()).containsExactly(new double[] {1, 1, 1, 1}, within(1e-9));
    }

    @Test
    void scalerThenSvmIsAccurateOnIris() {
        assertThat(IrisDataSet.accuracy(f -> svm.predict(scaler.scale(f)))).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void theSvmCallsTheTutorialSampleVersicolorAsTheTutorialsSvmDoes() {
        assertThat(svm.predict(scaler.scale(new IrisFeatures(1.2, 1.0, 1.1, 0.9)))).isEqualTo("versicolor");
    }
}
