package dev.trellis.examples.quickstart;

import dev.trellis.serve.Deployment;
import dev.trellis.serve.DeploymentHandle;

/** The README's quick start: calls the model through its handle and applies the operation. */
@Deployment(numReplicas = 2, maxOngoingRequests = 8)
public final class Combiner {
    private final DeploymentHandle<Model> model;

    public Combiner(DeploymentHandle<Model> model) {
        this.model = model;
    }

    public String run(int a, double b, String op) {
        String r = model.remote(Model::forward, "(" + a + " + " + b + ")").result();
        return op.equals("sum") ? "sum(" + r + ")" : "max(" + r + ")";
    }
}
