package dev.trellis.examples.quickstart;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.Serve;

/** The README's five-minute quick start, runnable as it is written there. */
public final class QuickStart {
    /** Import path {@code dev.trellis.examples.quickstart.QuickStart:app}. */
    public static final Application<Combiner> app = Serve.deployment(Combiner.class)
            .bind(Serve.deployment(Model.class).options(o -> o.numReplicas(3)).bind(1));

    private QuickStart() {
    }

    public static void main(String[] args) {
        try {
            // Route prefix null: Combiner.run takes three arguments, so it is called through its
            // handle, not over HTTP (an HTTP ingress takes a Request or one JSON body).
            DeploymentHandle<Combiner> calc = Serve.run(app, "calc", null);
            DeploymentResponse<String> r = calc.remote(Combiner::run, 1, 2.0, "sum");
            System.out.println(r.result());
            System.out.println(Serve.status());
        } finally {
            Serve.shutdown();
        }
    }
}
