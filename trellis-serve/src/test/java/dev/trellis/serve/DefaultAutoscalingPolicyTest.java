package dev.trellis.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ray's formula: desired = ceil(running * (1 + (ongoing / (target * running) - 1) * factor)). */
class DefaultAutoscalingPolicyTest {
    private final DefaultAutoscalingPolicy policy = new DefaultAutoscalingPolicy();
    private final AutoscalingConfig config = AutoscalingConfig.builder().maxReplicas(100).build();

    @Test
    void theWorkedExampleOfTheDocs() {
        assertThat(DefaultAutoscalingPolicy.desiredReplicas(config, 15, 3)).isEqualTo(8);
        assertThat(DefaultAutoscalingPolicy.desiredReplicas(config.toBuilder().upscalingFactor(0.5).build(), 15, 3))
                .isEqualTo(6);
    }

    @Test
    void exactlyOnTargetKeepsTheCount() {
        assertThat(DefaultAutoscalingPolicy.desiredReplicas(config, 6, 3)).isEqualTo(3);
        assertThat(DefaultAutoscalingPolicy.desiredReplicas(config.toBuilder().targetOngoingRequests(0.1).build(),
                0.3, 3)).isEqualTo(3);
    }

    @Test
    void lowLoadScalesIn() {
        assertThat(DefaultAutoscalingPolicy.desiredReplicas(config, 3, 4)).isEqualTo(2);
        assertThat(DefaultAutoscalingPolicy.desiredReplicas(config, 0, 4)).isZero();
    }

    @Test
    void aSmallDownscalingFactorThatWouldKeepTheCountStillGoesDownByOne() {
        var slow = config.toBuilder().downscalingFactor(0.1).build();

        // Unsmoothed: ceil(4 * 0.25) = 1; smoothed: ceil(4 * (1 - 0.75 * 0.1)) = 4, stuck: so 3.
        assertThat(DefaultAutoscalingPolicy.desiredReplicas(slow, 2, 4)).isEqualTo(3);
    }

    @Test
    void withNoReplicaRunningWaitingRequestsAskForOneAndNoneKeepTheTarget() {
        assertThat(policy.desiredReplicas(context(0, 0, 3))).isEqualTo(1);
        assertThat(policy.desiredReplicas(context(2, 0, 0))).isEqualTo(2);
        assertThat(policy.desiredReplicas(context(0, 0, 0))).isZero();
    }

    @Test
    void fromZeroAnUpscalingFactorAboveOneAsksForMore() {
        var fast = config.toBuilder().upscalingFactor(2.5).build();

        assertThat(policy.desiredReplicas(new AutoscalingContext("app", "d", 0, 0, 1, 1, Map.of(), fast, 0, 100,
                new HashMap<>(), null, null, Instant.EPOCH))).isEqualTo(3);
    }

    private AutoscalingContext context(int target, int running, double ongoing) {
        return new AutoscalingContext("app", "d", target, running, ongoing, ongoing, Map.of(), config, 0, 100,
                new HashMap<>(), null, null, Instant.EPOCH);
    }
}
