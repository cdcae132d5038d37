package dev.trellis.serve.config;

import dev.trellis.serve.Application;
import dev.trellis.serve.AutoscalingContext;
import dev.trellis.serve.AutoscalingPolicy;
import dev.trellis.serve.Serve;
import java.time.Duration;
import java.util.Map;

/** Import-path targets for {@link ServeConfigBuildTest}: options of every kind set in code. */
public final class BuildApps {

    /** A custom autoscaling policy a config file can name. */
    public static final class Doubling implements AutoscalingPolicy {
        @Override
        public int desiredReplicas(AutoscalingContext context) {
            return context.currentNumReplicas() * 2;
        }
    }

    public static final Application<TestApps.Ingress> tuned = Serve.deployment(TestApps.Ingress.class)
            .options(o -> o.numReplicas(2).maxQueuedRequests(50).userConfig(Map.of("threshold", 0.5)).rollingUpdateShare(0.5)
                    .numCpus(0.5).resource("accelerator", 1).healthCheckPeriod(Duration.ofMillis(2500)))
            .bind(Serve.deployment(TestApps.Worker.class)
                    .options(o -> o.autoscaling(a -> a.minReplicas(0).maxReplicas(4).targetOngoingRequests(3)
                            .upscaleDelay(Duration.ofMillis(1500)).policy(Doubling.class)))
                    .bind("hi"));

    public static final Application<TestApps.Worker> lambdaPolicy = Serve.deployment(TestApps.Worker.class)
            .options(o -> o.autoscaling(a -> a.maxReplicas(3).policy(ctx -> 1)))
            .bind("hi");
}
