package dev.trellis.serve.config;

import dev.trellis.serve.Application;
import dev.trellis.serve.AutoscalingContext;
import dev.trellis.serve.AutoscalingPolicy;
import dev.trellis.serve.Serve;

/** Import-path targets for the autoscaling config tests. */
public final class AutoscalingTestApps {

    /** A Worker that autoscales from code (0 to 8 replicas, target 4). */
    public static final Application<TestApps.Worker> autoscaledInCode = Serve.deployment(TestApps.Worker.class)
            .options(o -> o.autoscaling(a -> a.minReplicas(0).maxReplicas(8).targetOngoingRequests(4)))
            .bind("hello");

    /** A policy a file can name. */
    public static final class Fixed implements AutoscalingPolicy {
        @Override
        public int desiredReplicas(AutoscalingContext context) {
            return 2;
        }
    }

    /** Not a policy. */
    public static final class NotAPolicy {
    }

    /** A policy without a no-argument constructor. */
    public static final class WithArgument implements AutoscalingPolicy {
        public WithArgument(String name) {
        }

        @Override
        public int desiredReplicas(AutoscalingContext context) {
            return 1;
        }
    }

    private AutoscalingTestApps() {
    }
}
