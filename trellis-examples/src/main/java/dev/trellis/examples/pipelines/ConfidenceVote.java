package dev.trellis.examples.pipelines;

import java.util.List;

/**
 * The ensemble's last step, where the seed puts business logic: averages the two models'
 * scores label by label and takes the best label, but only when its averaged score reaches
 * the threshold; below it the answer is {@code "uncertain"} and flagged for human review
 * rather than guessed. Stateless after construction.
 */
public final class ConfidenceVote {
    /** The label of an answer below the threshold. */
    public static final String UNCERTAIN = "uncertain";

    private final double threshold;

    public ConfidenceVote(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
        }
        this.threshold = threshold;
    }

    public Decision decide(Classification first, Classification second) {
        double[] averaged = new double[PatternModel.LABELS.size()];
        for (int i = 0; i < averaged.length; i++) {
            String label = PatternModel.LABELS.get(i);
            averaged[i] = (first.scores().get(label) + second.scores().get(label)) / 2;
        }
        int best = PatternModel.argMax(averaged);
        double confidence = Math.round(averaged[best] * 10_000) / 10_000.0;
        boolean sure = averaged[best] >= threshold;
        return new Decision(sure ? PatternModel.LABELS.get(best) : UNCERTAIN, confidence, !sure,
                List.of(first.model(), second.model()));
    }
}
