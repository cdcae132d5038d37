package dev.trellis.examples.multiplexed;

import dev.trellis.serve.InvalidInputException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in for where per-customer models live (S3 in Ray's multiplexing guide): three
 * lexicon models by id. Opening an unknown id is the client's mistake, so it is an
 * {@link InvalidInputException}, which HTTP answers 400.
 */
public final class ModelStore {
    private static final Map<String, Map<String, Integer>> MODELS = new TreeMap<>(Map.of(
            "reviews-en", Map.of("good", 1, "great", 2, "excellent", 2, "love", 2,
                    "bad", -1, "terrible", -2, "awful", -2, "hate", -2),
            "reviews-fr", Map.of("bon", 1, "génial", 2, "excellent", 2, "adore", 2,
                    "mauvais", -1, "nul", -2, "horrible", -2, "déteste", -2),
            "support-en", Map.of("resolved", 2, "thanks", 1, "helpful", 2,
                    "waiting", -1, "broken", -2, "refund", -1, "unacceptable", -2)));

    private ModelStore() {
    }

    /** Loads model {@code modelId}. */
    public static SentimentModel open(String modelId) {
        Map<String, Integer> weights = MODELS.get(modelId);
        if (weights == null) {
            throw new InvalidInputException("no sentiment model named '" + modelId + "'; models: " + MODELS.keySet());
        }
        return new SentimentModel(modelId, weights);
    }
}
