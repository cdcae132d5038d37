package dev.trellis.models;

import java.util.Arrays;

/**
 * One example's prediction. For a classifier, {@code label} is the index of the predicted class
 * and {@code scores} its class probabilities (for a binary XGBoost model: {@code [1 - p, p]});
 * for a regressor, {@code label} is -1 and {@code scores} holds the predicted value(s).
 */
public record Prediction(int label, float[] scores) {

    public Prediction {
        scores = scores.clone();
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    /**
     * The score of the predicted class (its probability, for a classifier); for a regressor, the
     * first value; NaN when the model gives no scores (an ONNX graph with only a label output).
     */
    public float score() {
        if (label >= 0 && label < scores.length) {
            return scores[label];
        }
        return scores.length > 0 ? scores[0] : Float.NaN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && p.label == label && Arrays.equals(p.scores, scores);
    }

    @Override
    public int hashCode() {
        return 31 * label + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return "Prediction[label=" + label + ", scores=" + Arrays.toString(scores) + "]";
    }
}
