package dev.trellis.examples.iris;

import dev.trellis.serve.Deployment;
import java.util.List;

/**
 * A boosted ensemble of fixed decision stumps on the petal measurements (the splits that
 * scikit-learn's {@code GradientBoostingClassifier} finds first on iris; about 96% training
 * accuracy). Each stump adds a score to one species; the highest total wins. It stands in for
 * the tutorial's pickled model until model files can be served. Stateless, so thread-safe.
 */
@Deployment(name = "GradientBoosting")
public final class GradientBoostingStandIn implements IrisClassifier {
    private static final int PETAL_LENGTH = 2;
    private static final int PETAL_WIDTH = 3;

    /** Adds {@code atMost} to {@code species}'s score when the feature is at most {@code threshold}, else {@code above}. */
    private record Stump(IrisSpecies species, int feature, double threshold, double atMost, double above) {
        double score(double[] x) {
            return x[feature] <= threshold ? atMost : above;
        }
    }

    private static final List<Stump> STUMPS = List.of(
            new Stump(IrisSpecies.SETOSA, PETAL_LENGTH, 2.45, 2.0, -1.0),
            new Stump(IrisSpecies.SETOSA, PETAL_WIDTH, 0.8, 1.0, -1.0),
            new Stump(IrisSpecies.VERSICOLOR, PETAL_LENGTH, 2.45, -1.0, 0.5),
            new Stump(IrisSpecies.VERSICOLOR, PETAL_WIDTH, 1.75, 1.0, -1.0),
            new Stump(IrisSpecies.VERSICOLOR, PETAL_LENGTH, 4.95, 0.5, -0.5),
            new Stump(IrisSpecies.VIRGINICA, PETAL_WIDTH, 1.75, -1.0, 1.5),
            new Stump(IrisSpecies.VIRGINICA, PETAL_LENGTH, 4.85, -0.5, 0.8),
            new Stump(IrisSpecies.VIRGINICA, PETAL_LENGTH, 2.45, -1.0, 0.0));

    @Override
    public String predict(IrisFeatures features) {
        double[] x = features.vector();
        double[] scores = new double[IrisSpecies.values().length];
        for (Stump stump : STUMPS) {
            scores[stump.species().ordinal()] += stump.score(x);
        }
        return IrisSpecies.argMax(scores).label();
    }
}
