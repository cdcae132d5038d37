package dev.trellis.serve.it;

import dev.trellis.serve.Application;
import dev.trellis.serve.AutoscalingContext;
import dev.trellis.serve.AutoscalingPolicy;
import dev.trellis.serve.Deployment;
import dev.trellis.serve.Serve;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The deployment and policies of {@link AutoscalingTest}, public so that a config file can name
 * them. Replicas run in the test's JVM, so the test holds their calls with {@link #gate}.
 */
public final class AutoscalingApps {
    /** Calls to {@link Worker#work} wait until this opens (at most 20 s, so a broken test cannot hang). */
    static volatile CountDownLatch gate = new CountDownLatch(0);

    /** A deployment whose calls the test can hold, each answering with the id of the instance that ran it. */
    @Deployment(name = "Worker", maxOngoingRequests = 2, gracefulShutdownWaitLoopMillis = 10)
    public static final class Worker {
        private final String id = UUID.randomUUID().toString();

        public String work(int x) throws InterruptedException {
            if (!gate.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
            return id;
        }
    }

    /** Asks for 2 replicas once it has been asked 5 times: proves its state survives between ticks. */
    public static final class TwoAfterFiveTicks implements AutoscalingPolicy {
        @Override
        public int desiredReplicas(AutoscalingContext context) {
            int ticks = (Integer) context.policyState().merge("ticks", 1, (a, b) -> (Integer) a + (Integer) b);
            return ticks >= 5 ? 2 : 1;
        }
    }

    /** Always 3. */
    public static final class Three implements AutoscalingPolicy {
        @Override
        public int desiredReplicas(AutoscalingContext context) {
            return 3;
        }
    }

    /** For the config-file test: a Worker whose autoscaling the file sets. */
    public static final Application<Worker> app = Serve.deployment(Worker.class).bind();

    private AutoscalingApps() {
    }

    /** Fast autoscaling for tests: reports every 50 ms over a 200 ms window. */
    static dev.trellis.serve.AutoscalingConfig.Builder fast() {
        return dev.trellis.serve.AutoscalingConfig.builder()
                .metricsInterval(Duration.ofMillis(50))
                .lookBackPeriod(Duration.ofMillis(200))
                .upscaleDelay(Duration.ofMillis(100))
                .downscaleDelay(Duration.ofMillis(300));
    }
}
