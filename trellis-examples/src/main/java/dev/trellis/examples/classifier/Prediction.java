package dev.trellis.examples.classifier;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The model's answer for one image: {@code {"predicted_label": 1, "class_name": "Trouser",
 * "score": 0.98}}, the label index as the seed's classifier returns it, its name, and the
 * model's probability for it (0..1).
 */
public record Prediction(
        @JsonProperty("predicted_label") int predictedLabel,
        @JsonProperty("class_name") String className,
        @JsonProperty("score") double score) {
}
