package dev.trellis.examples.iris;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test double of an iris model that answers only once another one is inside its call too
 * (both wait at {@link #BOTH_MODELS_RUNNING}): an ensemble that awaited its first model before
 * calling the second would leave the first timing out alone at the barrier. Used by the
 * ensembles' parallelism tests; reset the barrier before each.
 */
public final class WaitsForTheOther implements IrisClassifier {
    public static final CyclicBarrier BOTH_MODELS_RUNNING = new CyclicBarrier(2);

    private final String answer;

    public WaitsForTheOther(String answer) {
        this.answer = answer;
    }

    @Override
    public String predict(IrisFeatures features) {
        try {
            BOTH_MODELS_RUNNING.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other model never started: the ensemble called its models in turn", e);
        }
        return answer;
    }
}
