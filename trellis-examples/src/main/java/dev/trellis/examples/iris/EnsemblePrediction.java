package dev.trellis.examples.iris;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Both models' answers for one flower, as the tutorial's ensemble returns them: {@code {"logistic": ..., ...}}. */
public record EnsemblePrediction(
        @JsonProperty("logistic") String logistic,
        @JsonProperty("gradient_boosting") String gradientBoosting) {
}
