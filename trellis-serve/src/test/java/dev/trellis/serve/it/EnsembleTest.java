package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.Serve;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Seed 004's shape: an ensemble deployment calling two model deployments in parallel. */
class EnsembleTest extends ServeIntegrationTest {
    /**
     * Both models must be inside their call at the same time to pass this barrier; called one
     * after the other, the first would time out waiting for the second.
     */
    static final CyclicBarrier BOTH_MODELS_RUNNING = new CyclicBarrier(2);

    public static final class LogisticModel {
        public String predict(List<Double> features) throws Exception {
            BOTH_MODELS_RUNNING.await(10, TimeUnit.SECONDS);
            return features.get(2) < 2.5 ? "setosa" : "versicolor";
        }
    }

    public static final class BoostingModel {
        public String predict(List<Double> features) throws Exception {
            BOTH_MODELS_RUNNING.await(10, TimeUnit.SECONDS);
            return features.get(3) < 0.8 ? "setosa" : "virginica";
        }
    }

    public record Votes(String logistic, String boosting) {
    }

    public static final class Ensemble {
        private final DeploymentHandle<LogisticModel> logistic;
        private final DeploymentHandle<BoostingModel> boosting;

        public Ensemble(DeploymentHandle<LogisticModel> logistic, DeploymentHandle<BoostingModel> boosting) {
            this.logistic = logistic;
            this.boosting = boosting;
        }

        public Votes predict(List<Double> features) {
            DeploymentResponse<String> a = logistic.remote(LogisticModel::predict, features);
            DeploymentResponse<String> b = boosting.remote(BoostingModel::predict, features);
            return new Votes(a.result(), b.result());
        }
    }

    @Test
    void ensembleCallsItsTwoModelsInParallel() {
        var app = Serve.deployment(Ensemble.class).bind(
                Serve.deployment(LogisticModel.class).bind(),
                Serve.deployment(BoostingModel.class).bind());
        DeploymentHandle<Ensemble> ensemble = Serve.run(app, "iris", "/iris");

        Votes votes = ensemble.remote(Ensemble::predict, List.of(5.1, 3.5, 1.4, 0.2)).result();

        assertThat(votes).isEqualTo(new Votes("setosa", "setosa"));
        assertThat(Serve.status().application("iris").deployments()).containsOnlyKeys(
                "Ensemble", "LogisticModel", "BoostingModel");
    }
}
