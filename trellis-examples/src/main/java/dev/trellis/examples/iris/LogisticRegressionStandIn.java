package dev.trellis.examples.iris;

import dev.trellis.serve.Deployment;

/**
 * A multinomial logistic regression over the four iris features with fixed coefficients (those
 * scikit-learn's {@code LogisticRegression()} learns on the full data set, rounded; about 97%
 * training accuracy). It stands in for the tutorial's pickled model until model files can be
 * served; the deployment name stays when a real model replaces it. Stateless, so thread-safe.
 */
@Deployment(name = "LogisticRegression")
public final class LogisticRegressionStandIn implements IrisClassifier {
    private static final double[][] COEFFICIENTS = {
            {-0.42, 0.97, -2.52, -1.08},
            {0.53, -0.32, -0.21, -0.94},
            {-0.11, -0.65, 2.72, 2.02},
    };
    private static final double[] INTERCEPTS = {9.85, 2.24, -12.09};

    @Override
    public String predict(IrisFeatures features) {
        double[] x = features.vector();
        double[] scores = new double[INTERCEPTS.length];
        for (int c = 0; c < scores.length; c++) {
            scores[c] = INTERCEPTS[c];
            for (int f = 0; f < x.length; f++) {
                scores[c] += COEFFICIENTS[c][f] * x[f];
            }
        }
        // Softmax is monotonic, so the largest linear score is the most probable class.
        return IrisSpecies.argMax(scores).label();
    }
}
