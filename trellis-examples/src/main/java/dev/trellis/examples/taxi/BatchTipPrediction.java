package dev.trellis.examples.taxi;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001's offline prediction, {@code valid_dataset.map_batches(OfflinePredictor, concurrency=2)},
 * over Serve: a data set of trips is cut into batches and every batch is sent to the predictor
 * deployment at once, so its replicas (the seed's {@code concurrency}) work through them in
 * parallel; the answers are put back in the data set's order. The deployment's
 * {@code max_ongoing_requests} bounds how many batches each replica runs at a time; the rest
 * wait in the router's queue.
 */
public final class BatchTipPrediction {
    private BatchTipPrediction() {
    }

    /**
     * The big-tip probability of every trip in {@code trips}, in order, predicted in batches of
     * {@code batchSize} by {@code predictor}.
     *
     * @throws IllegalArgumentException if {@code batchSize} is below 1
     */
    public static List<Double> predict(DeploymentHandle<OnlineTipPredictor> predictor, List<TaxiTrip> trips,
                                       int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be >= 1, was " + batchSize);
        }
        List<DeploymentResponse<List<Double>>> batches = new ArrayList<>();
        for (int start = 0; start < trips.size(); start += batchSize) {
            List<TaxiTrip> batch = List.copyOf(trips.subList(start, Math.min(trips.size(), start + batchSize)));
            batches.add(predictor.remote(OnlineTipPredictor::predict, batch));
        }
        List<Double> probabilities = new ArrayList<>(trips.size());
        for (DeploymentResponse<List<Double>> batch : batches) {
            probabilities.addAll(batch.result());
        }
        return probabilities;
    }
}
