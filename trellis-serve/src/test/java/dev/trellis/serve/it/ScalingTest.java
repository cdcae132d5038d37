package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.Deployment;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ScalingTest extends ServeIntegrationTest {

    @Deployment(name = "Scorer", numReplicas = 3, maxOngoingRequests = 2, gracefulShutdownWaitLoopMillis = 20)
    public static final class Scorer {
        public int score(int x) throws InterruptedException {
            Thread.sleep(1);
            return x + 1;
        }
    }

    @Test
    void theDeploymentAnnotationGivesTheDefaults() {
        Serve.run(Serve.deployment(Scorer.class).bind(), "scoring", null);
        var d = deployment("scoring", "Scorer");
        assertThat(d.targetReplicas()).isEqualTo(3);
        assertThat(d.count(ReplicaState.RUNNING)).isEqualTo(3);
    }

    @Test
    void scalingDownUnderSteadyLoadFailsNoRequest() throws Exception {
        var scorer = Serve.deployment(Scorer.class);
        DeploymentHandle<Scorer> handle = Serve.run(scorer.bind(), "scoring", null);
        var stop = new AtomicBoolean();
        List<Future<Integer>> callers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                callers.add(pool.submit(() -> {
                    int ok = 0;
                    while (!stop.get()) {
                        assertThat(handle.remote(Scorer::score, ok).result(Duration.ofSeconds(20))).isEqualTo(ok + 1);
                        ok++;
                    }
                    return ok;
                }));
            }
            Serve.run(scorer.options(o -> o.numReplicas(1)).bind(), "scoring", null);
            Serve.run(scorer.options(o -> o.numReplicas(2)).bind(), "scoring", null);
            Serve.run(scorer.options(o -> o.numReplicas(1)).bind(), "scoring", null);
            stop.set(true);
            int total = 0;
            for (Future<Integer> f : callers) {
                total += f.get();
            }
            assertThat(total).isPositive();
        }
        assertThat(deployment("scoring", "Scorer").replicas()).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(ReplicaState.RUNNING));
    }
}
