package dev.trellis.examples.multiplexed;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;

/**
 * Model multiplexing: {@link SentimentService} serves per-customer models by id. Run it with
 * {@code ./trellis serve run examples/multiplexed.yaml}, or call it in this JVM with
 * {@link #main}.
 */
public final class SentimentApp {
    /** Import path {@code dev.trellis.examples.multiplexed.SentimentApp:app}. */
    public static final Application<SentimentService> app = Serve.deployment(SentimentService.class).bind();

    private SentimentApp() {
    }

    /** Asks two models about the same kind of text through handle options, and stops. */
    public static void main(String[] args) {
        try {
            DeploymentHandle<SentimentService> service = Serve.run(app, "sentiment", null);
            for (String model : new String[] {"reviews-en", "support-en"}) {
                Sentiment s = service.options(o -> o.multiplexedModelId(model))
                        .remote(SentimentService::classify, new Review("great, thanks, it is resolved")).result();
                System.out.println(s);
            }
        } finally {
            Serve.shutdown();
        }
    }
}
