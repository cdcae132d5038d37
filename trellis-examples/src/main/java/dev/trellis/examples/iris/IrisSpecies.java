package dev.trellis.examples.iris;

import java.util.Locale;

/** The three classes of the iris data set, in scikit-learn's target order. */
public enum IrisSpecies {
    SETOSA, VERSICOLOR, VIRGINICA;

    /** The class name the tutorial's models return: "setosa", "versicolor" or "virginica". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The species whose score is highest ({@code scores} in target order). */
    public static IrisSpecies argMax(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return values()[best];
    }
}
