package dev.trellis.examples.multiplexed;

/** What the service answers: which model judged the text, and how. */
public record Sentiment(String model, String label, int score) {
}
