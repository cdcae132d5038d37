package dev.trellis.examples.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The ensemble's answer: the label the models agree on, or {@code "uncertain"} with
 * {@code needs_review} set when their averaged confidence is below the threshold; the
 * confidence (rounded to four places) and the models asked.
 */
public record Decision(
        @JsonProperty("label") String label,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("needs_review") boolean needsReview,
        @JsonProperty("models") List<String> models) {
}
