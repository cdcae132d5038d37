package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmokeTest {
    public static final class Model {
        private final int weight;
        public Model(int weight) { this.weight = weight; }
        public String forward(String input) { return "(" + weight + " * " + input + ")"; }
    }

    public static final class Combiner {
        private final DeploymentHandle<Model> model;
        public Combiner(DeploymentHandle<Model> model) { this.model = model; }
        public String run(int a, double b, String op) {
            String r = model.remote(Model::forward, "(" + a + " + " + b + ")").result();
            return op.equals("sum") ? "sum(" + r + ")" : "max(" + r + ")";
        }
    }

    @AfterEach
    void stop() { Serve.shutdown(); }

    @Test
    void combinerCallsModel() {
        Serve.start(ServeOptions.builder().serializeMessages(true).build());
        Application<Combiner> app = Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind(2));
        DeploymentHandle<Combiner> h = Serve.run(app, "calc", "/calc");
        assertThat(h.remote(Combiner::run, 1, 2.0, "sum").result()).isEqualTo("sum((2 * (1 + 2.0)))");
        System.out.println(Serve.status());
    }
}
