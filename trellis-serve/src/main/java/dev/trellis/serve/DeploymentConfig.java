package dev.trellis.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.core.Resources;
import java.time.Duration;
import java.util.Objects;

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
        Duration gracefulShutdownTimeout) {

    public static final int UNLIMITED = -1;

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
        }

        public Builder numReplicas(int value) {
            requireAtLeast("num_replicas", value, 1);
            numReplicas = value;
            return this;
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

        public DeploymentConfig build() {
            return new DeploymentConfig(numReplicas, maxOngoingRequests, maxQueuedRequests, userConfig,
                    resources, healthCheckPeriod, healthCheckTimeout, gracefulShutdownWaitLoop,
                    gracefulShutdownTimeout);
        }
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was "
                    + (value == null ? "null" : value.toMillis() / 1000.0 + " s"));
        }
    }
}
