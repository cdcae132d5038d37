package dev.trellis.examples.batching;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The batching example: one {@link SentimentModel} deployment as the HTTP ingress. */
public final class BatchingApp {
    /** Import path {@code dev.trellis.examples.batching.BatchingApp:app}. */
    public static final Application<SentimentModel> app = Serve.deployment(SentimentModel.class).bind();

    private BatchingApp() {
    }

    /** Sends 16 reviews at once through the handle and prints how they were batched. */
    public static void main(String[] args) throws Exception {
        try {
            DeploymentHandle<SentimentModel> model = Serve.run(app, "sentiment", "/sentiment");
            var reviews = List.of("I love it", "awful service", "it is a chair", "great and happy");
            try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<SentimentModel.Sentiment>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    var review = new SentimentModel.Review(reviews.get(i % reviews.size()));
                    answers.add(callers.submit(() -> model.remoteBatched(SentimentModel::classify, review).result()));
                }
                for (Future<SentimentModel.Sentiment> answer : answers) {
                    System.out.println(answer.get());
                }
            }
        } finally {
            Serve.shutdown();
        }
    }
}
