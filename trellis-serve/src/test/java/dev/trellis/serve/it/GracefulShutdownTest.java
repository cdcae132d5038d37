package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.Serve;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest extends ServeIntegrationTest {
    static final CountDownLatch ALL_STARTED = new CountDownLatch(3);
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final AtomicBoolean CLOSED = new AtomicBoolean();

    public static final class Worker implements AutoCloseable {
        public String work(int i) throws InterruptedException {
            ALL_STARTED.countDown();
            RELEASE.await(30, TimeUnit.SECONDS);
            return "finished " + i;
        }

        @Override
        public void close() {
            CLOSED.set(true);
        }
    }

    @Test
    void deletingAnApplicationLetsInFlightRequestsFinish() throws Exception {
        DeploymentHandle<Worker> handle = Serve.run(Serve.deployment(Worker.class)
                .options(o -> o.gracefulShutdownWaitLoop(Duration.ofMillis(50))).bind(), "drain", null);
        List<DeploymentResponse<String>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(handle.remote(Worker::work, i));
        }
        assertThat(ALL_STARTED.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> deletion = CompletableFuture.runAsync(() -> Serve.delete("drain"),
                java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        eventually(() -> assertThat(Serve.status().application("drain").status())
                .isEqualTo(dev.trellis.serve.ApplicationStatus.DELETING));
        assertThat(deletion).isNotDone();
        assertThat(CLOSED).isFalse();

        RELEASE.countDown();
        for (int i = 0; i < 3; i++) {
            assertThat(inFlight.get(i).result(Duration.ofSeconds(10))).isEqualTo("finished " + i);
        }
        deletion.get(10, TimeUnit.SECONDS);
        assertThat(CLOSED).as("close() ran after the drain").isTrue();
        assertThat(Serve.status().applications()).doesNotContainKey("drain");
    }
}
