package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompositionTest extends ServeIntegrationTest {
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    public static final class Model {
        private final int weight;

        public Model(int weight) {
            this.weight = weight;
            CONSTRUCTED.incrementAndGet();
        }

        public String forward(String input) {
            return "(" + weight + " * " + input + ")";
        }
    }

    /** Seed 000's combiner, with the model handle injected into its constructor. */
    public static final class Combiner {
        private final DeploymentHandle<Model> model;

        public Combiner(DeploymentHandle<Model> model) {
            this.model = model;
        }

        public String run(int a, double b, String op) {
            String r = model.remote(Model::forward, "(" + a + " + " + b + ")").result();
            return op.equals("sum") ? "sum(" + r + ")" : "max(" + r + ")";
        }

        /** Calls whatever model handle it is given: handles can travel as arguments. */
        public String runWith(DeploymentHandle<Model> other, String input) {
            return other.remote(Model::forward, input).result();
        }
    }

    @Test
    void aReplicaCallsAnotherDeploymentThroughItsInjectedHandle() {
        DeploymentHandle<Combiner> combiner = Serve.run(
                Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind(2)), "calc", "/calc");
        assertThat(combiner.remote(Combiner::run, 1, 2.0, "sum").result()).isEqualTo("sum((2 * (1 + 2.0)))");
        assertThat(combiner.remote(Combiner::run, 1, 2.0, "max").result()).isEqualTo("max((2 * (1 + 2.0)))");
    }

    @Test
    void aHandlePassedAsAnArgumentReachesTheReplicaAndWorksThere() {
        DeploymentHandle<Combiner> combiner = Serve.run(
                Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind(2)), "calc", "/calc");
        DeploymentHandle<Model> other = Serve.run(Serve.deployment(Model.class).bind(7), "other", "/other");
        assertThat(combiner.remote(Combiner::runWith, other, "x").result()).isEqualTo("(7 * x)");
    }

    @Test
    void redeployingWithNewArgumentsReplacesReplicasAndCallsKeepWorking() {
        var combiner = Serve.deployment(Combiner.class);
        DeploymentHandle<Combiner> handle = Serve.run(combiner.bind(Serve.deployment(Model.class).bind(2)), "calc", "/calc");
        assertThat(handle.remote(Combiner::run, 1, 1.0, "sum").result()).contains("(2 * ");
        int before = CONSTRUCTED.get();

        Serve.run(combiner.bind(Serve.deployment(Model.class).bind(3)), "calc", "/calc");

        assertThat(handle.remote(Combiner::run, 1, 1.0, "sum").result()).contains("(3 * ");
        assertThat(CONSTRUCTED.get()).isEqualTo(before + 1);
        assertThat(deployment("calc", "Model").replicas()).singleElement()
                .satisfies(r -> assertThat(r.replicaId()).isEqualTo("calc#Model#2"));
    }
}
