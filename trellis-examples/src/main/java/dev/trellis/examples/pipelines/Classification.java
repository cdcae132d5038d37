package dev.trellis.examples.pipelines;

import java.util.Map;

/**
 * One model's answer: its best label and a score for every label (they sum to 1, rounded to
 * four places), in {@link PatternModel#LABELS} order.
 */
public record Classification(String model, String label, Map<String, Double> scores) {
}
