package dev.trellis.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.core.Resources;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder checks each value as it is set and names the option (config-file spelling) and the value. */
class DeploymentConfigBuilderTest {

    public static final class Model {
        public Model() {
        }
    }

    private final DeploymentConfig.Builder builder = DeploymentConfig.defaults().toBuilder();

    @Test
    void defaultsAreRaysDefaultsWithoutReservedResources() {
        var c = DeploymentConfig.defaults();

        assertThat(c.numReplicas()).isEqualTo(1);
        assertThat(c.maxOngoingRequests()).isEqualTo(5);
        assertThat(c.maxQueuedRequests()).isEqualTo(DeploymentConfig.UNLIMITED);
        assertThat(c.userConfig()).isNull();
        assertThat(c.resources()).isEqualTo(Resources.NONE);
        assertThat(c.healthCheckPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.gracefulShutdownWaitLoop()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.gracefulShutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.rollingUpdateShare()).isEqualTo(0.2);
    }

    @Test
    void rollingUpdateShareOfZeroIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.rollingUpdateShare(0))
                .withMessage("rolling_update_share must be > 0 and <= 1, was 0.0");
    }

    @Test
    void rollingUpdateShareAboveOneIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.rollingUpdateShare(1.01))
                .withMessage("rolling_update_share must be > 0 and <= 1, was 1.01");
    }

    @Test
    void rollingUpdateShareOfOneReplacesEveryReplicaInOneWave() {
        assertThat(builder.rollingUpdateShare(1).build().rollingUpdateShare()).isEqualTo(1.0);
    }

    @Deployment(rollingUpdateShare = 0.5)
    public static final class HalfAtATime {
    }

    @Deployment(rollingUpdateShare = 0)
    public static final class NoneAtATime {
    }

    @Test
    void annotationSetsRollingUpdateShare() {
        assertThat(Serve.deployment(HalfAtATime.class).config().rollingUpdateShare()).isEqualTo(0.5);
    }

    @Test
    void annotationWithABadRollingUpdateShareIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Serve.deployment(NoneAtATime.class))
                .withMessage("rolling_update_share must be > 0 and <= 1, was 0.0");
    }

    @Test
    void maxOngoingRequestsBelowOneIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxOngoingRequests(0))
                .withMessage("max_ongoing_requests must be >= 1, was 0");
    }

    @Test
    void numReplicasBelowOneIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.numReplicas(0))
                .withMessage("num_replicas must be >= 1, was 0");
    }

    @Test
    void maxQueuedRequestsOfZeroIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxQueuedRequests(0))
                .withMessage("max_queued_requests must be -1 (unlimited) or >= 1, was 0");
    }

    @Test
    void maxQueuedRequestsBelowMinusOneIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxQueuedRequests(-2))
                .withMessage("max_queued_requests must be -1 (unlimited) or >= 1, was -2");
    }

    @Test
    void maxQueuedRequestsOfMinusOneMeansUnlimited() {
        assertThat(builder.maxQueuedRequests(7).maxQueuedRequests(-1).build().maxQueuedRequests())
                .isEqualTo(DeploymentConfig.UNLIMITED);
    }

    @Test
    void zeroHealthCheckPeriodIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.healthCheckPeriod(Duration.ZERO))
                .withMessage("health_check_period must be a positive duration, was 0.0 s");
    }

    @Test
    void negativeHealthCheckTimeoutIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.healthCheckTimeout(Duration.ofSeconds(-1)))
                .withMessage("health_check_timeout must be a positive duration, was -1.0 s");
    }

    @Test
    void missingGracefulShutdownWaitLoopIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.gracefulShutdownWaitLoop(null))
                .withMessage("graceful_shutdown_wait_loop must be a positive duration, was null");
    }

    @Test
    void zeroGracefulShutdownTimeoutIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.gracefulShutdownTimeout(Duration.ZERO))
                .withMessage("graceful_shutdown_timeout must be a positive duration, was 0.0 s");
    }

    @Test
    void negativeNumCpusIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.numCpus(-1))
                .withMessage("num_cpus must be a finite number >= 0, was -1.0");
    }

    @Test
    void notANumberOfGpusIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.numGpus(Double.NaN))
                .withMessage("num_gpus must be a finite number >= 0, was NaN");
    }

    @Test
    void userConfigThatIsNotJsonConvertibleIsRejectedNamingItsType() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.userConfig(new Object()))
                .withMessageStartingWith("user_config must be convertible to JSON, was java.lang.Object");
    }

    @Test
    void userConfigIsCopiedSoLaterChangesToTheNodeDoNotLeakIn() {
        var node = JsonNodeFactory.instance.objectNode().put("threshold", 1);
        var config = builder.userConfig(node).build();

        node.put("threshold", 2);

        assertThat(config.userConfig().get("threshold").asInt()).isEqualTo(1);
    }

    @Test
    void rejectedValueLeavesThePreviousOneInPlace() {
        builder.maxOngoingRequests(8);

        try {
            builder.maxOngoingRequests(0);
        } catch (IllegalArgumentException expected) {
            // the value under test
        }

        assertThat(builder.build().maxOngoingRequests()).isEqualTo(8);
    }

    @Test
    void recordConstructorChecksValuesLikeTheBuilder() {
        var d = DeploymentConfig.defaults();

        assertThatIllegalArgumentException().isThrownBy(() -> new DeploymentConfig(d.numReplicas(), 0,
                        d.maxQueuedRequests(), d.userConfig(), d.resources(), d.healthCheckPeriod(),
                        d.healthCheckTimeout(), d.gracefulShutdownWaitLoop(), d.gracefulShutdownTimeout()))
                .withMessage("max_ongoing_requests must be >= 1, was 0");
    }

    @Test
    void deploymentOptionsReportTheSameError() {
        var definition = Serve.deployment(Model.class);

        assertThatIllegalArgumentException().isThrownBy(() -> definition.options(o -> o.maxOngoingRequests(0)))
                .withMessage("max_ongoing_requests must be >= 1, was 0");
    }
}
