package dev.trellis.examples.multiplexed;

import dev.trellis.serve.Deployment;
import dev.trellis.serve.Multiplexed;
import dev.trellis.serve.Multiplexing;

/**
 * Ray's model multiplexing guide in Trellis: one deployment serving many per-customer models,
 * each replica keeping at most two of them loaded. Clients pick the model with the
 * {@code serve_multiplexed_model_id} header:
 * <pre>
 * curl -H 'serve_multiplexed_model_id: reviews-fr' -d '{"text": "un film génial"}' http://127.0.0.1:8000/sentiment
 * </pre>
 * Requests for a model go to a replica that has it loaded; a third model on a replica evicts
 * the least recently used one, which is closed.
 */
@Deployment(numReplicas = 2, maxOngoingRequests = 8)
public final class SentimentService {

    /** Ray's {@code @serve.multiplexed(max_num_models_per_replica=2) async def get_model(self, model_id)}. */
    @Multiplexed(maxNumModelsPerReplica = 2)
    public SentimentModel load(String modelId) {
        return ModelStore.open(modelId);
    }

    /** The ingress: the body's text, judged by the request's model. */
    public Sentiment classify(Review review) {
        SentimentModel model = Multiplexing.model(this, SentimentService::load);
        return model.classify(review.text());
    }
}
