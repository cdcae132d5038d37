package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.ReplicaDiedException;
import dev.trellis.serve.RequestCancelledException;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls started on a replica in the same JVM without its mailbox (the production setting,
 * messages not round-tripped through bytes): the limit, cancellation, draining and crashes
 * behave as for calls that travel as messages.
 */
class DirectCallsTest extends ServeIntegrationTest {
    static final AtomicInteger NOW = new AtomicInteger();
    static final AtomicInteger PEAK = new AtomicInteger();
    static volatile CountDownLatch started = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);
    static final AtomicBoolean INTERRUPTED = new AtomicBoolean();
    static final AtomicBoolean CLOSED = new AtomicBoolean();

    public static final class Worker implements AutoCloseable {
        public int count(int x) throws InterruptedException {
            int current = NOW.incrementAndGet();
            PEAK.accumulateAndGet(current, Math::max);
            try {
                Thread.sleep(1);
                return x;
            } finally {
                NOW.decrementAndGet();
            }
        }

        public String block(int i) throws InterruptedException {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                INTERRUPTED.set(true);
                throw e;
            }
            return "finished " + i;
        }

        public String crash() {
            throw new StackOverflowError("a fatal error in user code");
        }

        @Override
        public void close() {
            CLOSED.set(true);
        }
    }

    @Override
    ServeOptions.Builder options() {
        return super.options().serializeMessages(false);
    }

    @BeforeEach
    void reset() {
        NOW.set(0);
        PEAK.set(0);
        INTERRUPTED.set(false);
        CLOSED.set(false);
    }

    private static DeploymentHandle<Worker> deploy(int maxOngoing) {
        return Serve.run(Serve.deployment(Worker.class).options(o -> o.maxOngoingRequests(maxOngoing)
                .gracefulShutdownWaitLoop(Duration.ofMillis(50))).bind(), "direct", null);
    }

    @Test
    void manyCallersNeverExceedMaxOngoingRequests() throws Exception {
        DeploymentHandle<Worker> handle = deploy(3);
        List<Future<Integer>> results = new ArrayList<>();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                int x = i;
                results.add(callers.submit(() -> {
                    int sum = 0;
                    for (int j = 0; j < 10; j++) {
                        sum += handle.remote(Worker::count, x).result(Duration.ofSeconds(30));
                    }
                    return sum;
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i * 10);
            }
        }
        assertThat(PEAK.get()).isBetween(1, 3);
    }

    @Test
    void cancellingARunningCallInterruptsIt() throws Exception {
        started = new CountDownLatch(1);
        release = new CountDownLatch(1);
        DeploymentHandle<Worker> handle = deploy(4);
        DeploymentResponse<String> call = handle.remote(Worker::block, 1);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(call.cancel()).isTrue();

        assertThatThrownBy(call::result).isInstanceOf(RequestCancelledException.class);
        eventually(() -> assertThat(INTERRUPTED).isTrue());
        assertThat(handle.remote(Worker::count, 7).result()).isEqualTo(7);
    }

    @Test
    void deletingLetsRunningCallsFinishBeforeClose() throws Exception {
        started = new CountDownLatch(2);
        release = new CountDownLatch(1);
        DeploymentHandle<Worker> handle = deploy(4);
        var first = handle.remote(Worker::block, 1);
        var second = handle.remote(Worker::block, 2);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> deletion = CompletableFuture.runAsync(() -> Serve.delete("direct"),
                Executors.newVirtualThreadPerTaskExecutor());
        eventually(() -> assertThat(Serve.status().application("direct").status())
                .isEqualTo(dev.trellis.serve.ApplicationStatus.DELETING));
        assertThat(CLOSED).isFalse();

        release.countDown();
        assertThat(first.result(Duration.ofSeconds(10))).isEqualTo("finished 1");
        assertThat(second.result(Duration.ofSeconds(10))).isEqualTo("finished 2");
        deletion.get(10, TimeUnit.SECONDS);
        assertThat(CLOSED).as("close() ran after the drain").isTrue();
    }

    @Test
    void aCallThatCrashesTheReplicaFailsAsReplicaDiedAndTheReplacementServes() {
        DeploymentHandle<Worker> handle = deploy(4);
        assertThatThrownBy(() -> handle.remote(Worker::crash).result(Duration.ofSeconds(10)))
                .isInstanceOf(ReplicaDiedException.class);
        eventually(() -> assertThat(handle.remote(Worker::count, 5).result(Duration.ofSeconds(5))).isEqualTo(5));
    }
}
