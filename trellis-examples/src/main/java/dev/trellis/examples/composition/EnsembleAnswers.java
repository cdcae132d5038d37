package dev.trellis.examples.composition;

/** Both models' answers for one flower, as seed 004's ensemble returns them: {@code {"logistic": ..., "svm": ...}}. */
public record EnsembleAnswers(String logistic, String svm) {
}
