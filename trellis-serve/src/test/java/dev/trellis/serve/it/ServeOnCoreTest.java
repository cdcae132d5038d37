package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.NodeInfo;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.Resources;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Serve and Trellis Core in one JVM: Serve runs on the Core node, whose resources both share. */
class ServeOnCoreTest {
    /** A replica that calls Core: its requests fan out as tasks on the same node. */
    public static final class Squarer {
        public int square(int x) {
            return Trellis.task(ServeOnCoreTest::square, x).remote().get(Duration.ofSeconds(20));
        }
    }

    static int square(int x) {
        return x * x;
    }

    static int cpusAfter(int millis, int x) throws InterruptedException {
        Thread.sleep(millis);
        return x;
    }

    @AfterEach
    void stop() {
        try {
            if (Serve.isRunning()) {
                Serve.shutdown();
            }
        } finally {
            Trellis.shutdown();
        }
    }

    private static double freeCpus() {
        return Trellis.nodes().getFirst().available().cpus();
    }

    @Test
    void replicasTakeTheirResourcesFromTheCoreNodeAndCanRunTasksThere() {
        Trellis.init(TrellisOptions.builder().numCpus(3).build());
        Serve.start(ServeOptions.builder().controlLoopInterval(Duration.ofMillis(50)).build());
        DeploymentHandle<Squarer> squarer = Serve.run(Serve.deployment(Squarer.class)
                .options(o -> o.numReplicas(2).numCpus(1)).bind(), "squares", null);

        assertThat(squarer.remote(Squarer::square, 7).result(Duration.ofSeconds(20))).isEqualTo(49);
        // Two replicas hold 2 of the node's 3 CPUs, as Core's own ledger shows (the square task's CPU
        // comes back just after its result).
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> freeCpus() == 1.0);
        // The node's report says they are Serve's.
        assertThat(Trellis.nodes().getFirst().holdings())
                .containsExactly(Map.entry("serve", new NodeInfo.Holding(2, Resources.of(2, 0))));

        // A task that needs 2 CPUs waits until Serve gives them back.
        ObjectRef<Integer> big = Trellis.task(ServeOnCoreTest::cpusAfter, 0, 5).options(o -> o.numCpus(2)).remote();
        assertThat(Trellis.wait(java.util.List.of(big), 1, Duration.ofMillis(500)).ready()).isEmpty();
        Serve.delete("squares");
        assertThat(big.get(Duration.ofSeconds(20))).isEqualTo(5);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> freeCpus() == 3.0);
        assertThat(Trellis.nodes().getFirst().holdings()).isEmpty();
    }

    @Test
    void aReplicaThatDoesNotFitTheNodeWaitsAndServeLeavesTheNodeRunningWhenItStops() {
        Trellis.init(TrellisOptions.builder().numCpus(1).build());
        Serve.start(ServeOptions.builder().controlLoopInterval(Duration.ofMillis(50)).build());
        Serve.run(Serve.deployment(Squarer.class).options(o -> o.numCpus(2)).bind(), "too-big", null);
        var d = Serve.status().application("too-big").deployments().get("Squarer");
        assertThat(d.replicas()).singleElement().extracting(r -> r.state()).isEqualTo(ReplicaState.PENDING_ALLOCATION);
        assertThat(d.message()).contains("needs {CPU: 2, GPU: 0}").contains("of {CPU: 1, GPU: 0}");
        Serve.shutdown();

        // The node (and its actor system) outlives Serve: tasks still run, and Serve can start on it again.
        assertThat(Trellis.task(ServeOnCoreTest::square, 3).remote().get(Duration.ofSeconds(10))).isEqualTo(9);
        Serve.start(ServeOptions.builder().controlLoopInterval(Duration.ofMillis(50)).build());
        DeploymentHandle<Squarer> again = Serve.run(Serve.deployment(Squarer.class).options(o -> o.numCpus(0)).bind(),
                "again", null);
        assertThat(again.remote(Squarer::square, 4).result(Duration.ofSeconds(20))).isEqualTo(16);
    }
}
