package dev.trellis.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.core.Resources;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The resolved options of one deployment, with Ray Serve's names and defaults. Immutable;
 * {@link #toBuilder()} starts a modified copy. The builder checks every value as it is set and
 * fails with a message naming the option (in its config-file spelling) and the value.
 *
 * <p>Defaults: {@code num_replicas} 1, {@code max_ongoing_requests} 5,
 * {@code max_queued_requests} unlimited (-1), no {@code user_config}, resources 0 CPU and
 * 0 GPU per replica (a replica is an actor with virtual threads, not a process, so unlike Ray
 * it reserves nothing unless asked), {@code health_check_period} 10 s,
 * {@code health_check_timeout} 30 s, {@code graceful_shutdown_wait_loop} 2 s and
 * {@code graceful_shutdown_timeout} 20 s.
 *
 * <p>{@code autoscaling_config} ({@link AutoscalingConfig}, null by default): when set, the
 * replica count follows the load between its {@code min_replicas} and {@code max_replicas} and
 * {@code num_replicas} is ignored. As in Ray, setting a number of replicas and an autoscaling
 * config in one {@link Builder} is an error; {@link Builder#numReplicasAuto()} is Ray's
 * {@code num_replicas="auto"}.
 *
 * <p>{@code rolling_update_share} (Trellis's own, default {@value #DEFAULT_ROLLING_UPDATE_SHARE}):
 * when the code changes (class, function, init args or resources), new replicas start in waves of
 * at most {@code ceil(share x target replicas)} (at least 1) beside the old ones, and an old
 * replica is drained each time a new one runs; see docs/updates.md. Every other option is
 * applied to running replicas in place.
 *
 * <p>{@code max_replicas_per_node} (0 by default: no limit): on a cluster, at most this many of
 * the deployment's replicas run on one node.
 *
 * <p>{@code logging_config} ({@link LoggingConfig}, null by default: the application's, else the
 * process's) is applied in place, never restarting replicas.
 */
public record DeploymentConfig(
        int numReplicas,
        int maxOngoingRequests,
        int maxQueuedRequests,
        JsonNode userConfig,
        Resources resources,
        Duration healthCheckPeriod,
        Duration healthCheckTimeout,
        Duration gracefulShutdownWaitLoop,
        Duration gracefulShutdownTimeout,
        AutoscalingConfig autoscalingConfig,
        double rollingUpdateShare,
        LoggingConfig loggingConfig,
        int maxReplicasPerNode) {

    public static final int UNLIMITED = -1;

    /** Share of the target replica count replaced at a time by a rolling code update. */
    public static final double DEFAULT_ROLLING_UPDATE_SHARE = 0.2;

    private static final ObjectMapper JSON = new ObjectMapper();

    public DeploymentConfig {
        requireAtLeast("num_replicas", numReplicas, 1);
        requireAtLeast("max_ongoing_requests", maxOngoingRequests, 1);
        if (maxQueuedRequests != UNLIMITED && maxQueuedRequests < 1) {
            throw new IllegalArgumentException(
                    "max_queued_requests must be -1 (unlimited) or >= 1, was " + maxQueuedRequests);
        }
        Objects.requireNonNull(resources, "resources");
        requirePositive("health_check_period", healthCheckPeriod);
        requirePositive("health_check_timeout", healthCheckTimeout);
        requirePositive("graceful_shutdown_wait_loop", gracefulShutdownWaitLoop);
        requirePositive("graceful_shutdown_timeout", gracefulShutdownTimeout);
        requireShare(rollingUpdateShare);
        if (maxReplicasPerNode < 0) {
            throw new IllegalArgumentException("max_replicas_per_node must be >= 1, or 0 for no limit, was "
                    + maxReplicasPerNode);
        }
    }

    /** A deployment's config with no {@code max_replicas_per_node} limit. */
    public DeploymentConfig(int numReplicas, int maxOngoingRequests, int maxQueuedRequests, JsonNode userConfig,
                            Resources resources, Duration healthCheckPeriod, Duration healthCheckTimeout,
                            Duration gracefulShutdownWaitLoop, Duration gracefulShutdownTimeout,
                            AutoscalingConfig autoscalingConfig, double rollingUpdateShare, LoggingConfig loggingConfig) {
        this(numReplicas, maxOngoingRequests, maxQueuedRequests, userConfig, resources, healthCheckPeriod,
                healthCheckTimeout, gracefulShutdownWaitLoop, gracefulShutdownTimeout, autoscalingConfig,
                rollingUpdateShare, loggingConfig, 0);
    }

    /** A deployment's config with the default {@code rolling_update_share}. */
    public DeploymentConfig(int numReplicas, int maxOngoingRequests, int maxQueuedRequests, JsonNode userConfig,
                            Resources resources, Duration healthCheckPeriod, Duration healthCheckTimeout,
                            Duration gracefulShutdownWaitLoop, Duration gracefulShutdownTimeout,
                            AutoscalingConfig autoscalingConfig) {
        this(numReplicas, maxOngoingRequests, maxQueuedRequests, userConfig, resources, healthCheckPeriod,
                healthCheckTimeout, gracefulShutdownWaitLoop, gracefulShutdownTimeout, autoscalingConfig,
                DEFAULT_ROLLING_UPDATE_SHARE, null);
    }

    /** A fixed-size deployment's config (no {@code autoscaling_config}). */
    public DeploymentConfig(int numReplicas, int maxOngoingRequests, int maxQueuedRequests, JsonNode userConfig,
                            Resources resources, Duration healthCheckPeriod, Duration healthCheckTimeout,
                            Duration gracefulShutdownWaitLoop, Duration gracefulShutdownTimeout) {
        this(numReplicas, maxOngoingRequests, maxQueuedRequests, userConfig, resources, healthCheckPeriod,
                healthCheckTimeout, gracefulShutdownWaitLoop, gracefulShutdownTimeout, null);
    }

    public static DeploymentConfig defaults() {
        return new DeploymentConfig(1, 5, UNLIMITED, null, Resources.NONE, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }


    /**
     * Mutable builder for {@link DeploymentConfig}; each setter validates its value at once.
     * Used by {@link DeploymentDefinition#options}.
     */
    public static final class Builder {
        private int numReplicas;
        private int maxOngoingRequests;
        private int maxQueuedRequests;
        private JsonNode userConfig;
        private Resources resources;
        private Duration healthCheckPeriod;
        private Duration healthCheckTimeout;
        private Duration gracefulShutdownWaitLoop;
        private Duration gracefulShutdownTimeout;
        private AutoscalingConfig autoscalingConfig;
        private double rollingUpdateShare;
        private LoggingConfig loggingConfig;
        private int maxReplicasPerNode;
        /** Whether this builder was given a replica count, and an autoscaling config (Ray refuses both at once). */
        private boolean numReplicasSet;
        private boolean autoscalingSet;

        private Builder(DeploymentConfig c) {
            numReplicas = c.numReplicas;
            maxOngoingRequests = c.maxOngoingRequests;
            maxQueuedRequests = c.maxQueuedRequests;
            userConfig = c.userConfig;
            resources = c.resources;
            healthCheckPeriod = c.healthCheckPeriod;
            healthCheckTimeout = c.healthCheckTimeout;
            gracefulShutdownWaitLoop = c.gracefulShutdownWaitLoop;
            gracefulShutdownTimeout = c.gracefulShutdownTimeout;
            autoscalingConfig = c.autoscalingConfig;
            rollingUpdateShare = c.rollingUpdateShare;
            loggingConfig = c.loggingConfig;
            maxReplicasPerNode = c.maxReplicasPerNode;
        }

        /**
         * {@code max_replicas_per_node}: at most this many of the deployment's replicas on one node of
         * a cluster (0: no limit, the default); a replica that fits on no node under the limit waits.
         */
        public Builder maxReplicasPerNode(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("max_replicas_per_node must be >= 1, or 0 for no limit, was " + value);
            }
            maxReplicasPerNode = value;
            return this;
        }

        /** How the deployment logs ({@code logging_config}); null: the application's, else the process's. */
        public Builder loggingConfig(LoggingConfig value) {
            loggingConfig = value;
            return this;
        }

        /** A fixed number of replicas; replaces an autoscaling config set earlier (in code or annotation). */
        public Builder numReplicas(int value) {
            requireAtLeast("num_replicas", value, 1);
            numReplicas = value;
            autoscalingConfig = null;
            numReplicasSet = true;
            return this;
        }

        /**
         * Ray's {@code num_replicas="auto"}: autoscaling with {@link AutoscalingConfig#autoDefaults()}
         * (1 to 100 replicas, target 2 ongoing requests each); a later {@link #autoscaling(Consumer)}
         * changes single settings on top of those.
         */
        public Builder numReplicasAuto() {
            autoscalingConfig = AutoscalingConfig.autoDefaults();
            autoscalingSet = true;
            return this;
        }

        /** {@code autoscaling_config}: the replica count follows the load; {@code null} goes back to num_replicas. */
        public Builder autoscaling(AutoscalingConfig value) {
            autoscalingConfig = value;
            autoscalingSet = value != null;
            return this;
        }

        /**
         * Changes the autoscaling config, starting from the current one or, when the deployment
         * has none, from {@link AutoscalingConfig#defaults()}, e.g.
         * {@code autoscaling(a -> a.minReplicas(0).maxReplicas(4))}.
         */
        public Builder autoscaling(Consumer<AutoscalingConfig.Builder> changes) {
            var b = (autoscalingConfig != null ? autoscalingConfig : AutoscalingConfig.defaults()).toBuilder();
            changes.accept(b);
            return autoscaling(b.build());
        }

        public Builder maxOngoingRequests(int value) {
            requireAtLeast("max_ongoing_requests", value, 1);
            maxOngoingRequests = value;
            return this;
        }

        /** -1 for unlimited, otherwise at least 1. */
        public Builder maxQueuedRequests(int value) {
            if (value != UNLIMITED && value < 1) {
                throw new IllegalArgumentException(
                        "max_queued_requests must be -1 (unlimited) or >= 1, was " + value);
            }
            maxQueuedRequests = value;
            return this;
        }

        /**
         * Any JSON-convertible value: a record, a map, a {@code JsonNode}; {@code null} clears it.
         * Replicas receive it through {@link Reconfigurable#reconfigure}.
         */
        public Builder userConfig(Object value) {
            if (value == null) {
                userConfig = null;
                return this;
            }
            try {
                userConfig = value instanceof JsonNode node ? node.deepCopy() : JSON.valueToTree(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("user_config must be convertible to JSON, was "
                        + value.getClass().getName() + " (" + e.getMessage() + ")", e);
            }
            return this;
        }

        /** {@code ray_actor_options}: what one replica needs from its node. */
        public Builder resources(Resources value) {
            resources = Objects.requireNonNull(value, "resources");
            return this;
        }

        public Builder numCpus(double value) {
            resources = new Resources(value, resources.gpus(), resources.custom());
            return this;
        }

        /** One custom resource per replica, e.g. {@code resource("accelerator", 1)}. */
        public Builder resource(String name, double amount) {
            resources = resources.withCustom(name, amount);
            return this;
        }

        public Builder numGpus(double value) {
            resources = new Resources(resources.cpus(), value, resources.custom());
            return this;
        }

        public Builder healthCheckPeriod(Duration value) {
            requirePositive("health_check_period", value);
            healthCheckPeriod = value;
            return this;
        }

        public Builder healthCheckTimeout(Duration value) {
            requirePositive("health_check_timeout", value);
            healthCheckTimeout = value;
            return this;
        }

        public Builder gracefulShutdownWaitLoop(Duration value) {
            requirePositive("graceful_shutdown_wait_loop", value);
            gracefulShutdownWaitLoop = value;
            return this;
        }

        public Builder gracefulShutdownTimeout(Duration value) {
            requirePositive("graceful_shutdown_timeout", value);
            gracefulShutdownTimeout = value;
            return this;
        }

        /**
         * {@code rolling_update_share}: the share of the target replica count that a code update
         * replaces at a time, in (0, 1]; 1 starts every new replica at once.
         */
        public Builder rollingUpdateShare(double value) {
            requireShare(value);
            rollingUpdateShare = value;
            return this;
        }

        /**
         * @throws IllegalStateException if this builder was given both a number of replicas and an
         *     autoscaling config
         */
        public DeploymentConfig build() {
            if (numReplicasSet && autoscalingSet) {
                throw new IllegalStateException("Manually setting num_replicas is not allowed when autoscaling_config"
                        + " is provided (num_replicas " + numReplicas + "); set one of them, or num_replicas \"auto\"");
            }
            return new DeploymentConfig(numReplicas, maxOngoingRequests, maxQueuedRequests, userConfig,
                    resources, healthCheckPeriod, healthCheckTimeout, gracefulShutdownWaitLoop,
                    gracefulShutdownTimeout, autoscalingConfig, rollingUpdateShare, loggingConfig, maxReplicasPerNode);
        }
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }

    private static void requireShare(double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("rolling_update_share must be > 0 and <= 1, was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was "
                    + (value == null ? "null" : value.toMillis() / 1000.0 + " s"));
        }
    }
}
