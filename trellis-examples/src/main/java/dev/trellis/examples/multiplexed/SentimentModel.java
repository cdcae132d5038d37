package dev.trellis.examples.multiplexed;

import java.util.Locale;
import java.util.Map;

/**
 * A stand-in for a per-customer sentiment model (an ONNX session, say): a lexicon of weighted
 * words. Like a real model it holds a resource until closed, and refuses work after.
 */
public final class SentimentModel implements AutoCloseable {
    private final String id;
    private final Map<String, Integer> weights;
    private volatile boolean closed;

    SentimentModel(String id, Map<String, Integer> weights) {
        this.id = id;
        this.weights = Map.copyOf(weights);
    }

    public String id() {
        return id;
    }

    /** Scores {@code text}: the sum of its words' weights; positive above 0, negative below. */
    public Sentiment classify(String text) {
        if (closed) {
            throw new IllegalStateException("model " + id + " was closed");
        }
        int score = 0;
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            score += weights.getOrDefault(word, 0);
        }
        String label = score > 0 ? "positive" : score < 0 ? "negative" : "neutral";
        return new Sentiment(id, label, score);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
