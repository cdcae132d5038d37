package dev.trellis.models.internal.xgboost;

import dev.trellis.models.Prediction;
import dev.trellis.models.TensorSpec;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster.PredictionType;

/**
 * How an XGBoost model's raw outputs become {@link Prediction}s, decided by its objective:
 * <ul>
 * <li>{@code binary:logistic}: one probability p per row; label {@code p >= 0.5 ? 1 : 0},
 *     scores {@code [1 - p, p]};</li>
 * <li>{@code multi:softprob}: one probability per class; label the most probable class (the
 *     first on ties), scores the probabilities;</li>
 * <li>{@code multi:softmax}: XGBoost itself would return only the class index, so the margins
 *     are asked for and turned into probabilities with a softmax, as {@code multi:softprob} does;</li>
 * <li>any other objective (regression, {@code binary:logitraw}, {@code binary:hinge}, ranking,
 *     survival...): label -1 and scores the values XGBoost predicts (one per target).</li>
 * </ul>
 * A pure value: no native state, tested without a booster.
 */
record XGBoostObjective(String name, int numClass, int numTarget) {

    enum Kind { BINARY_PROBABILITY, CLASS_PROBABILITIES, CLASS_MARGINS, VALUES }

    XGBoostObjective {
        numClass = Math.max(numClass, 0);
        numTarget = Math.max(numTarget, 1);
    }

    Kind kind() {
        return switch (name) {
            case "binary:logistic" -> Kind.BINARY_PROBABILITY;
            case "multi:softprob" -> Kind.CLASS_PROBABILITIES;
            case "multi:softmax" -> Kind.CLASS_MARGINS;
            default -> Kind.VALUES;
        };
    }

    boolean isClassifier() {
        return kind() != Kind.VALUES;
    }

    /** The number of classes of a classifier (2 for binary); 0 otherwise. */
    int classCount() {
        return switch (kind()) {
            case BINARY_PROBABILITY -> 2;
            case CLASS_PROBABILITIES, CLASS_MARGINS -> numClass;
            case VALUES -> 0;
        };
    }

    /** What to ask XGBoost's in-place prediction for. */
    PredictionType predictionType() {
        return kind() == Kind.CLASS_MARGINS ? PredictionType.kMargin : PredictionType.kValue;
    }

    /** The outputs of the model's signature. */
    List<TensorSpec> outputs() {
        if (isClassifier()) {
            return List.of(new TensorSpec("label", "int64", new long[] {-1}),
                    new TensorSpec("probabilities", "float", new long[] {-1, classCount()}));
        }
        return List.of(new TensorSpec("prediction", "float", new long[] {-1, numTarget}));
    }

    /** The prediction for one row's raw output (what XGBoost returned for that row). */
    Prediction toPrediction(float[] raw) {
        return switch (kind()) {
            case BINARY_PROBABILITY -> {
                float p = raw[0];
                yield new Prediction(p >= 0.5f ? 1 : 0, new float[] {1f - p, p});
            }
            case CLASS_PROBABILITIES -> new Prediction(argmax(raw), raw);
            case CLASS_MARGINS -> {
                float[] probabilities = softmax(raw);
                yield new Prediction(argmax(probabilities), probabilities);
            }
            case VALUES -> new Prediction(-1, raw);
        };
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    static float[] softmax(float[] margins) {
        float max = Float.NEGATIVE_INFINITY;
        for (float m : margins) {
            max = Math.max(max, m);
        }
        double sum = 0;
        double[] exp = new double[margins.length];
        for (int i = 0; i < margins.length; i++) {
            exp[i] = Math.exp(margins[i] - max);
            sum += exp[i];
        }
        float[] probabilities = new float[margins.length];
        for (int i = 0; i < margins.length; i++) {
            probabilities[i] = (float) (exp[i] / sum);
        }
        return probabilities;
    }
}
