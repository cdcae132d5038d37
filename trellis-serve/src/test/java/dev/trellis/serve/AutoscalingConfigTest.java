package dev.trellis.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link AutoscalingConfig}'s defaults (Ray's), its checks naming the config key and value, and
 * how {@link DeploymentConfig.Builder} combines it with {@code num_replicas}.
 */
class AutoscalingConfigTest {
    private final AutoscalingConfig.Builder builder = AutoscalingConfig.builder();

    /** A policy without a public no-argument constructor. */
    public static final class NeedsArgument implements AutoscalingPolicy {
        public NeedsArgument(int n) {
        }

        @Override
        public int desiredReplicas(AutoscalingContext context) {
            return 1;
        }
    }

    /** A policy whose constructor throws. */
    public static final class Broken implements AutoscalingPolicy {
        public Broken() {
            throw new IllegalStateException("no config");
        }

        @Override
        public int desiredReplicas(AutoscalingContext context) {
            return 1;
        }
    }

    @Test
    void defaultsAreRays() {
        var c = AutoscalingConfig.defaults();

        assertThat(c.minReplicas()).isEqualTo(1);
        assertThat(c.maxReplicas()).isEqualTo(1);
        assertThat(c.initialReplicas()).isNull();
        assertThat(c.effectiveInitialReplicas()).isEqualTo(1);
        assertThat(c.targetOngoingRequests()).isEqualTo(2.0);
        assertThat(c.upscaleDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.downscaleDelay()).isEqualTo(Duration.ofSeconds(600));
        assertThat(c.downscaleToZeroDelay()).isNull();
        assertThat(c.effectiveDownscaleToZeroDelay()).isEqualTo(Duration.ofSeconds(600));
        assertThat(c.upscalingFactor()).isEqualTo(1.0);
        assertThat(c.downscalingFactor()).isEqualTo(1.0);
        assertThat(c.metricsInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.lookBackPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.aggregationFunction()).isEqualTo(AutoscalingConfig.AggregationFunction.MEAN);
        assertThat(c.policy()).isEqualTo(new DefaultAutoscalingPolicy());
    }

    @Test
    void autoDefaultsScaleFromOneToAHundred() {
        var c = AutoscalingConfig.autoDefaults();

        assertThat(c.minReplicas()).isEqualTo(1);
        assertThat(c.maxReplicas()).isEqualTo(100);
        assertThat(c.targetOngoingRequests()).isEqualTo(2.0);
    }

    @Test
    void initialReplicasUnsetFollowsMinReplicas() {
        assertThat(builder.minReplicas(3).maxReplicas(5).build().effectiveInitialReplicas()).isEqualTo(3);
    }

    @Test
    void badValuesAreRejectedNamingTheKeyAndTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.minReplicas(-1))
                .withMessage("min_replicas must be >= 0, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxReplicas(0))
                .withMessage("max_replicas must be >= 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.initialReplicas(-2))
                .withMessage("initial_replicas must be >= 0, was -2");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.targetOngoingRequests(0))
                .withMessage("target_ongoing_requests must be a number > 0, was 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.upscaleDelay(Duration.ofSeconds(-1)))
                .withMessage("upscale_delay_s must be >= 0 seconds, was -1.0 s");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.downscaleDelay(Duration.ofMillis(-500)))
                .withMessage("downscale_delay_s must be >= 0 seconds, was -0.5 s");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.downscaleToZeroDelay(Duration.ofSeconds(-3)))
                .withMessage("downscale_to_zero_delay_s must be >= 0 seconds, was -3.0 s");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.upscalingFactor(-1))
                .withMessage("upscaling_factor must be a number > 0, was -1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.downscalingFactor(Double.NaN))
                .withMessage("downscaling_factor must be a number > 0, was NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.metricsInterval(Duration.ZERO))
                .withMessage("metrics_interval_s must be > 0 seconds, was 0.0 s");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.lookBackPeriod(null))
                .withMessage("look_back_period_s must be > 0 seconds, was null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AutoscalingConfig.AggregationFunction.fromConfigName("median"))
                .withMessage("aggregation_function must be one of mean, max, min, was 'median'");
    }

    @Test
    void contradictorySettingsFailWhenBuilt() {
        assertThatIllegalStateException().isThrownBy(() -> builder.minReplicas(3).maxReplicas(2).build())
                .withMessage("min_replicas (3) must be <= max_replicas (2)");
        assertThatIllegalStateException()
                .isThrownBy(() -> AutoscalingConfig.builder().maxReplicas(4).initialReplicas(5).build())
                .withMessage("initial_replicas (5) must be between min_replicas (1) and max_replicas (4)");
        assertThatIllegalStateException()
                .isThrownBy(() -> AutoscalingConfig.builder().minReplicas(2).maxReplicas(4).initialReplicas(1).build())
                .withMessage("initial_replicas (1) must be between min_replicas (2) and max_replicas (4)");
        assertThatIllegalStateException().isThrownBy(() -> AutoscalingConfig.builder()
                        .metricsInterval(Duration.ofSeconds(5)).lookBackPeriod(Duration.ofSeconds(2)).build())
                .withMessage("look_back_period_s (2.0 s) must be >= metrics_interval_s (5.0 s)");
    }

    @Test
    void aPolicyClassIsInstantiatedOrRejectedNamingIt() {
        assertThat(builder.policy(DefaultAutoscalingPolicy.class).build().policy())
                .isInstanceOf(DefaultAutoscalingPolicy.class);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.policy(NeedsArgument.class))
                .withMessage("policy " + NeedsArgument.class.getName() + " needs a public no-argument constructor");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.policy(Broken.class))
                .withMessageStartingWith("policy " + Broken.class.getName() + ": its constructor threw")
                .withMessageContaining("no config");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.policy(AutoscalingPolicy.class))
                .withMessage("policy must be a concrete class, was " + AutoscalingPolicy.class.getName());
    }

    // ---- with DeploymentConfig ----

    @Test
    void deploymentsHaveNoAutoscalingUnlessAsked() {
        assertThat(DeploymentConfig.defaults().autoscalingConfig()).isNull();
    }

    @Test
    void autoscalingChangesStartFromRaysDefaultsThenFromTheCurrentConfig() {
        var c = DeploymentConfig.defaults().toBuilder().autoscaling(a -> a.maxReplicas(4)).build();
        assertThat(c.autoscalingConfig().maxReplicas()).isEqualTo(4);
        assertThat(c.autoscalingConfig().targetOngoingRequests()).isEqualTo(2.0);

        var changed = c.toBuilder().autoscaling(a -> a.minReplicas(0)).build();
        assertThat(changed.autoscalingConfig().minReplicas()).isZero();
        assertThat(changed.autoscalingConfig().maxReplicas()).isEqualTo(4);
    }

    @Test
    void numReplicasAutoGivesTheAutoDefaultsAndAcceptsChangesOnTop() {
        var c = DeploymentConfig.defaults().toBuilder().numReplicasAuto().autoscaling(a -> a.targetOngoingRequests(5))
                .build();

        assertThat(c.autoscalingConfig().maxReplicas()).isEqualTo(100);
        assertThat(c.autoscalingConfig().targetOngoingRequests()).isEqualTo(5.0);
    }

    @Test
    void aNumberOfReplicasAndAnAutoscalingConfigTogetherAreRejected() {
        assertThatIllegalStateException().isThrownBy(() -> DeploymentConfig.defaults().toBuilder().numReplicas(3)
                        .autoscaling(AutoscalingConfig.defaults()).build())
                .withMessageStartingWith("Manually setting num_replicas is not allowed when autoscaling_config is provided");
        assertThatIllegalStateException().isThrownBy(() -> DeploymentConfig.defaults().toBuilder().numReplicasAuto()
                        .numReplicas(3).build())
                .withMessageContaining("num_replicas 3");
    }

    @Test
    void aLaterNumberOfReplicasReplacesAnEarlierAutoscalingConfig() {
        var autoscaled = DeploymentConfig.defaults().toBuilder().numReplicasAuto().build();

        var fixed = autoscaled.toBuilder().numReplicas(2).build();

        assertThat(fixed.autoscalingConfig()).isNull();
        assertThat(fixed.numReplicas()).isEqualTo(2);
    }
}
