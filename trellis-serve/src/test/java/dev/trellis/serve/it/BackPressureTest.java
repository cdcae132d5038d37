package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.BackPressureException;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.Serve;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackPressureTest extends ServeIntegrationTest {
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final CountDownLatch FIRST_STARTED = new CountDownLatch(1);

    public static final class Slow {
        public String work(String id) throws InterruptedException {
            FIRST_STARTED.countDown();
            RELEASE.await(30, TimeUnit.SECONDS);
            return "done " + id;
        }
    }

    @Test
    void callsBeyondTheQueueFailAtOnceWithATypedErrorAndTheRestComplete() throws Exception {
        DeploymentHandle<Slow> slow = Serve.run(Serve.deployment(Slow.class)
                .options(o -> o.maxOngoingRequests(1).maxQueuedRequests(1)).bind(), "bp", null);

        DeploymentResponse<String> running = slow.remote(Slow::work, "a");
        assertThat(FIRST_STARTED.await(10, TimeUnit.SECONDS)).isTrue();
        DeploymentResponse<String> queued = slow.remote(Slow::work, "b");
        DeploymentResponse<String> refused = slow.remote(Slow::work, "c");

        assertThatThrownBy(() -> refused.result(Duration.ofSeconds(5)))
                .isInstanceOf(BackPressureException.class)
                .hasMessageContaining("max_ongoing_requests=1")
                .hasMessageContaining("max_queued_requests=1");
        assertThat(queued.isDone()).isFalse();

        RELEASE.countDown();
        assertThat(running.result(Duration.ofSeconds(10))).isEqualTo("done a");
        assertThat(queued.result(Duration.ofSeconds(10))).isEqualTo("done b");
    }
}
