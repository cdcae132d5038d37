package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.DeploymentFailedException;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A code update (a new init arg) rolls a 4-replica deployment under steady load from several
 * callers through a handle, and not one call fails: every call is answered by the old or the new
 * version, the number of RUNNING replicas never drops below the target, and the answers move from
 * the old version to the new one while the roll is under way. A version that fails to start
 * leaves the old replicas serving.
 */
class RollingUpdateTest extends ServeIntegrationTest {
    private static final int REPLICAS = 4;
    private static final int CALLERS = 6;
    /** Bound on the calls one caller makes, however long the roll takes. */
    private static final int MAX_CALLS_PER_CALLER = 5_000;
    /** Calls each caller makes once the roll is done, to see only the new version. */
    private static final int CALLS_AFTER = 20;

    /** When each answer came: before the roll was asked for, during it, or after Serve.run returned. */
    enum Phase { BEFORE, ROLLING, AFTER }

    record Answer(Phase phase, String version) {
    }

    public static final class Versioned {
        private final String version;

        public Versioned(String version) throws InterruptedException {
            // Loading a model: a roll of 4 replicas takes long enough for calls to overlap it.
            Thread.sleep(150);
            if (version.equals("broken")) {
                throw new IllegalStateException("model file missing");
            }
            this.version = version;
        }

        public String version(int call) throws InterruptedException {
            Thread.sleep(3);
            return version + ":" + call;
        }
    }

    private static DeploymentHandle<Versioned> run(String version) {
        return Serve.run(Serve.deployment(Versioned.class)
                .options(o -> o.numReplicas(REPLICAS).rollingUpdateShare(0.25)
                        .gracefulShutdownWaitLoop(Duration.ofMillis(50)))
                .bind(version), "rolling", null);
    }

    @Test
    void codeUpdateUnderSteadyLoadFailsNoCallAndKeepsTheTargetRunning() throws Exception {
        DeploymentHandle<Versioned> handle = run("v1");
        Set<String> before = replicaIds();
        var phase = new java.util.concurrent.atomic.AtomicReference<>(Phase.BEFORE);
        var answers = new ConcurrentLinkedQueue<Answer>();
        var failures = new ConcurrentLinkedQueue<Throwable>();
        var samples = new ConcurrentLinkedQueue<ServeStatus.DeploymentOverview>();
        var warm = new AtomicInteger();

        var sampler = Executors.newSingleThreadScheduledExecutor();
        List<Future<?>> callers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CALLERS; c++) {
                callers.add(threads.submit(() -> call(handle, phase, answers, failures, warm)));
            }
            eventually(() -> assertThat(warm.get()).isGreaterThanOrEqualTo(CALLERS * 10));
            sampler.scheduleAtFixedRate(() -> samples.add(deployment("rolling", "Versioned")), 0, 10,
                    TimeUnit.MILLISECONDS);

            phase.set(Phase.ROLLING);
            run("v2");
            phase.set(Phase.AFTER);

            for (Future<?> caller : callers) {
                caller.get(60, TimeUnit.SECONDS);
            }
        } finally {
            sampler.shutdownNow();
            assertThat(sampler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(failures).as("failed calls").isEmpty();
        assertThat(answers).filteredOn(a -> a.phase() == Phase.ROLLING).extracting(Answer::version)
                .as("answers while the roll was under way come from both versions").contains("v1", "v2");
        assertThat(answers).filteredOn(a -> a.phase() == Phase.BEFORE).extracting(Answer::version).containsOnly("v1");
        assertThat(answers).filteredOn(a -> a.phase() == Phase.AFTER).extracting(Answer::version)
                .hasSizeGreaterThanOrEqualTo(CALLERS * CALLS_AFTER).containsOnly("v2");

        assertThat(samples).as("status samples during the roll").isNotEmpty()
                .allSatisfy(s -> assertThat(s.count(ReplicaState.RUNNING)).as("RUNNING replicas in %s", s)
                        .isGreaterThanOrEqualTo(REPLICAS));
        assertThat(samples).as("the roll was seen in the status")
                .anySatisfy(s -> {
                    assertThat(s.status()).isEqualTo(DeploymentStatus.UPDATING);
                    assertThat(s.message()).startsWith("rolling update: ");
                });
        Set<String> after = replicaIds();
        assertThat(after).hasSize(REPLICAS).doesNotContainAnyElementsOf(before);
        assertThat(deployment("rolling", "Versioned").status()).isEqualTo(DeploymentStatus.HEALTHY);
    }

    @Test
    void versionThatFailsToStartLeavesTheOldReplicasServing() {
        DeploymentHandle<Versioned> handle = run("v1");
        Set<String> before = replicaIds();

        assertThatThrownBy(() -> run("broken")).isInstanceOf(DeploymentFailedException.class)
                .hasMessageContaining("model file missing");

        assertThat(replicaIds()).isEqualTo(before);
        assertThat(deployment("rolling", "Versioned").count(ReplicaState.RUNNING)).isEqualTo(REPLICAS);
        for (int i = 0; i < 20; i++) {
            assertThat(handle.remote(Versioned::version, i).result(Duration.ofSeconds(10))).isEqualTo("v1:" + i);
        }
        assertThat(deployment("rolling", "Versioned").status()).isEqualTo(DeploymentStatus.UNHEALTHY);
    }

    /** One caller: calls until the roll is done (bounded), then {@link #CALLS_AFTER} more; checks every answer. */
    private static void call(DeploymentHandle<Versioned> handle,
                             java.util.concurrent.atomic.AtomicReference<Phase> phase,
                             ConcurrentLinkedQueue<Answer> answers, ConcurrentLinkedQueue<Throwable> failures,
                             AtomicInteger warm) {
        int after = 0;
        for (int i = 0; i < MAX_CALLS_PER_CALLER && after < CALLS_AFTER; i++) {
            Phase sent = phase.get();
            try {
                String answer = handle.remote(Versioned::version, i).result(Duration.ofSeconds(30));
                String[] parts = answer.split(":");
                assertThat(parts[1]).isEqualTo(Integer.toString(i));
                // An answer counts for the phase it was sent in, so AFTER holds only calls sent once the roll was done.
                answers.add(new Answer(sent, parts[0]));
            } catch (Throwable t) {
                failures.add(t);
            }
            warm.incrementAndGet();
            if (sent == Phase.AFTER) {
                after++;
            }
        }
    }

    private static Set<String> replicaIds() {
        return deployment("rolling", "Versioned").replicas().stream()
                .map(ServeStatus.ReplicaOverview::replicaId).collect(Collectors.toSet());
    }
}
