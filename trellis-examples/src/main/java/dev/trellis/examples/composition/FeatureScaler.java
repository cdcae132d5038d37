package dev.trellis.examples.composition;

import dev.trellis.examples.iris.IrisFeatures;
import dev.trellis.serve.Deployment;

/**
 * The preprocessing step of the SVM pipeline: scikit-learn's {@code StandardScaler} fitted on
 * the iris data set (its means and population standard deviations, rounded), which turns
 * centimetres into z-scores so that no feature outweighs another by its units alone. A
 * deployment of its own so it scales apart from the model. Stateless, so thread-safe.
 */
@Deployment(name = "FeatureScaler")
public final class FeatureScaler {
    private static final double[] MEANS = {5.843, 3.057, 3.758, 1.199};
    private static final double[] STANDARD_DEVIATIONS = {0.825, 0.434, 1.759, 0.760};

    public StandardizedFeatures scale(IrisFeatures features) {
        double[] x = features.vector();
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = (x[i] - MEANS[i]) / STANDARD_DEVIATIONS[i];
        }
        return new StandardizedFeatures(z[0], z[1], z[2], z[3]);
    }
}
