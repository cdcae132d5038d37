package dev.trellis.examples.composition;

import dev.trellis.examples.iris.IrisSpecies;
import dev.trellis.serve.Deployment;

/**
 * A one-vs-rest linear support vector machine over standardized iris features, with fixed
 * weights (those a squared-hinge linear SVM with C = 1, like scikit-learn's {@code LinearSVC},
 * learns on the standardized data set, rounded; 96% training accuracy). Each class has a
 * decision function; the largest wins. It stands in for the tutorial's pickled {@code SVC}
 * until model files can be served. Like the tutorial's SVM, it calls the odd sample flower
 * {@code {1.2, 1.0, 1.1, 0.9}} versicolor. Stateless, so thread-safe.
 */
@Deployment(name = "LinearSVM")
public final class LinearSvmStandIn {
    private static final double[][] WEIGHTS = {
            {-0.30, 0.31, -0.76, -0.70},
            {-0.02, -0.46, 0.72, -0.70},
            {-0.29, -0.37, 2.02, 1.82},
    };
    private static final double[] BIASES = {-1.10, -0.37, -2.42};

    /** The predicted class name, e.g. "virginica". */
    public String predict(StandardizedFeatures features) {
        double[] z = features.vector();
        double[] decisions = new double[BIASES.length];
        for (int c = 0; c < decisions.length; c++) {
            decisions[c] = BIASES[c];
            for (int f = 0; f < z.length; f++) {
                decisions[c] += WEIGHTS[c][f] * z[f];
            }
        }
        return IrisSpecies.argMax(decisions).label();
    }
}
