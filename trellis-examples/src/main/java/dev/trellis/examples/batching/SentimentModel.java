package dev.trellis.examples.batching;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trellis.examples.InputChecks;
import dev.trellis.serve.Batch;
import dev.trellis.serve.Batching;
import dev.trellis.serve.Deployment;
import dev.trellis.serve.Reconfigurable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Dynamic request batching (Ray's {@code @serve.batch} guide): every request carries one text,
 * and the replica scores the texts that arrived together in one call, as a real model would on a
 * GPU. The scoring is a word-list stand-in; what matters is the shape: {@code List} in,
 * {@code List} out, one result per input. The batch options come from the annotation and can be
 * changed by the deployment's {@code user_config} (see examples/batching.yaml).
 */
@Deployment(maxOngoingRequests = 16)
public final class SentimentModel implements Reconfigurable<SentimentModel.Config> {
    private static final Set<String> POSITIVE = Set.of("good", "great", "love", "excellent", "happy", "fine");
    private static final Set<String> NEGATIVE = Set.of("bad", "awful", "hate", "terrible", "sad", "broken");

    /**
     * The request body: {@code {"text": "..."}}, at most {@value #MAX_LENGTH} characters. It is
     * checked when it is read, before it joins a batch, so one bad request fails alone (400
     * over HTTP) rather than the batch it would have been scored with.
     */
    public record Review(String text) {
        /** The most characters a review may have. */
        public static final int MAX_LENGTH = 10_000;

        public Review {
            InputChecks.requireText("text", text, MAX_LENGTH);
        }
    }

    /** The answer; {@code batchSize} shows how many requests were scored together. */
    public record Sentiment(String label, int score, int batchSize) {
    }

    /** The {@code user_config}: batch options, changed on running replicas without a restart. */
    public record Config(@JsonProperty("max_batch_size") int maxBatchSize,
                         @JsonProperty("batch_wait_timeout_ms") long batchWaitTimeoutMillis) {
    }

    @Batch(maxBatchSize = 8, batchWaitTimeoutMillis = 10)
    public List<Sentiment> classify(List<Review> reviews) {
        return reviews.stream().map(r -> score(r.text(), reviews.size())).toList();
    }

    @Override
    public void reconfigure(Config config) {
        var batching = Batching.of(this, SentimentModel::classify);
        batching.setMaxBatchSize(config.maxBatchSize());
        batching.setBatchWaitTimeout(Duration.ofMillis(config.batchWaitTimeoutMillis()));
    }

    private static Sentiment score(String text, int batchSize) {
        int score = 0;
        for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
            score += POSITIVE.contains(word) ? 1 : NEGATIVE.contains(word) ? -1 : 0;
        }
        return new Sentiment(score > 0 ? "positive" : score < 0 ? "negative" : "neutral", score, batchSize);
    }
}
