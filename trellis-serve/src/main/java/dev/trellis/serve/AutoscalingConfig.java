package dev.trellis.serve;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Ray Serve's {@code autoscaling_config}: how a deployment's replica count follows its load.
 * Immutable; {@link #builder()} starts from Ray's defaults, {@link #autoDefaults()} from what
 * {@code num_replicas: auto} gives, {@link #toBuilder()} from this config. Every value is checked
 * as it is set, with a message naming its config-file key and the value; settings that
 * contradict each other ({@code min_replicas} above {@code max_replicas}...) fail when the
 * config is built, with {@link IllegalStateException}.
 *
 * <p>Keys (config-file spelling) and defaults:
 * <ul>
 *   <li>{@code min_replicas} 1 (0 allows scaling to zero), {@code max_replicas} 1,
 *   {@code initial_replicas} unset (= {@code min_replicas}): the count when the deployment is
 *   first created;</li>
 *   <li>{@code target_ongoing_requests} 2: the ongoing requests (queued in routers plus running
 *   on replicas) each replica should have;</li>
 *   <li>{@code upscale_delay_s} 30, {@code downscale_delay_s} 600,
 *   {@code downscale_to_zero_delay_s} unset (= {@code downscale_delay_s}): how long a decision
 *   must hold before it is applied;</li>
 *   <li>{@code upscaling_factor} 1.0, {@code downscaling_factor} 1.0: multipliers on each
 *   decision (below 1: more conservative);</li>
 *   <li>{@code metrics_interval_s} 10: how often routers report their load;
 *   {@code look_back_period_s} 30: the window the load is aggregated over, with
 *   {@code aggregation_function} mean (or max, min);</li>
 *   <li>{@code policy}: the {@link AutoscalingPolicy}, by default {@link DefaultAutoscalingPolicy}.</li>
 * </ul>
 *
 * @param initialReplicas      null: start with {@code min_replicas} (see {@link #effectiveInitialReplicas()})
 * @param downscaleToZeroDelay null: the same as {@code downscale_delay_s} (see {@link #effectiveDownscaleToZeroDelay()})
 */
public record AutoscalingConfig(
        int minReplicas,
        int maxReplicas,
        Integer initialReplicas,
        double targetOngoingRequests,
        Duration upscaleDelay,
        Duration downscaleDelay,
        Duration downscaleToZeroDelay,
        double upscalingFactor,
        double downscalingFactor,
        Duration metricsInterval,
        Duration lookBackPeriod,
        AggregationFunction aggregationFunction,
        AutoscalingPolicy policy) {

    /** How the load samples of {@code look_back_period_s} are combined ({@code aggregation_function}). */
    public enum AggregationFunction {
        MEAN, MAX, MIN;

        /** The config-file spelling: {@code mean}, {@code max}, {@code min}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses the config-file spelling (case-insensitive). */
        public static AggregationFunction fromConfigName(String value) {
            for (AggregationFunction f : values()) {
                if (f.configName().equalsIgnoreCase(value == null ? "" : value.strip())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("aggregation_function must be one of mean, max, min, was '"
                    + value + "'");
        }
    }

    public AutoscalingConfig {
        requireAtLeast("min_replicas", minReplicas, 0);
        requireAtLeast("max_replicas", maxReplicas, 1);
        if (initialReplicas != null) {
            requireAtLeast("initial_replicas", initialReplicas, 0);
        }
        requirePositive("target_ongoing_requests", targetOngoingRequests);
        requireNonNegative("upscale_delay_s", upscaleDelay);
        requireNonNegative("downscale_delay_s", downscaleDelay);
        if (downscaleToZeroDelay != null) {
            requireNonNegative("downscale_to_zero_delay_s", downscaleToZeroDelay);
        }
        requirePositive("upscaling_factor", upscalingFactor);
        requirePositive("downscaling_factor", downscalingFactor);
        requirePositive("metrics_interval_s", metricsInterval);
        requirePositive("look_back_period_s", lookBackPeriod);
        Objects.requireNonNull(aggregationFunction, "aggregation_function");
        Objects.requireNonNull(policy, "policy");
        if (minReplicas > maxReplicas) {
            throw new IllegalStateException("min_replicas (" + minReplicas + ") must be <= max_replicas ("
                    + maxReplicas + ")");
        }
        if (initialReplicas != null && (initialReplicas < minReplicas || initialReplicas > maxReplicas)) {
            throw new IllegalStateException("initial_replicas (" + initialReplicas + ") must be between min_replicas ("
                    + minReplicas + ") and max_replicas (" + maxReplicas + ")");
        }
        if (lookBackPeriod.compareTo(metricsInterval) < 0) {
            throw new IllegalStateException("look_back_period_s (" + seconds(lookBackPeriod)
                    + ") must be >= metrics_interval_s (" + seconds(metricsInterval) + ")");
        }
    }

    /** Ray's defaults: 1 replica (min = max = 1), target 2 ongoing requests per replica. */
    public static AutoscalingConfig defaults() {
        return new AutoscalingConfig(1, 1, null, 2.0, Duration.ofSeconds(30), Duration.ofSeconds(600), null, 1.0,
                1.0, Duration.ofSeconds(10), Duration.ofSeconds(30), AggregationFunction.MEAN,
                new DefaultAutoscalingPolicy());
    }

    /** What {@code num_replicas: auto} gives (Ray's {@code AutoscalingConfig.default()}): 1 to 100 replicas, target 2. */
    public static AutoscalingConfig autoDefaults() {
        return defaults().toBuilder().maxReplicas(100).build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The replica count a new deployment starts with: {@code initial_replicas}, or {@code min_replicas} when unset. */
    public int effectiveInitialReplicas() {
        return initialReplicas != null ? initialReplicas : minReplicas;
    }

    /** How long the count waits at 1 before going to 0: {@code downscale_to_zero_delay_s}, or {@code downscale_delay_s}. */
    public Duration effectiveDownscaleToZeroDelay() {
        return downscaleToZeroDelay != null ? downscaleToZeroDelay : downscaleDelay;
    }

    /** Mutable builder for {@link AutoscalingConfig}; each setter validates its value at once. */
    public static final class Builder {
        private int minReplicas;
        private int maxReplicas;
        private Integer initialReplicas;
        private double targetOngoingRequests;
        private Duration upscaleDelay;
        private Duration downscaleDelay;
        private Duration downscaleToZeroDelay;
        private double upscalingFactor;
        private double downscalingFactor;
        private Duration metricsInterval;
        private Duration lookBackPeriod;
        private AggregationFunction aggregationFunction;
        private AutoscalingPolicy policy;

        private Builder(AutoscalingConfig c) {
            minReplicas = c.minReplicas;
            maxReplicas = c.maxReplicas;
            initialReplicas = c.initialReplicas;
            targetOngoingRequests = c.targetOngoingRequests;
            upscaleDelay = c.upscaleDelay;
            downscaleDelay = c.downscaleDelay;
            downscaleToZeroDelay = c.downscaleToZeroDelay;
            upscalingFactor = c.upscalingFactor;
            downscalingFactor = c.downscalingFactor;
            metricsInterval = c.metricsInterval;
            lookBackPeriod = c.lookBackPeriod;
            aggregationFunction = c.aggregationFunction;
            policy = c.policy;
        }

        /** {@code min_replicas}, at least 0; 0 lets the deployment scale to zero when idle. */
        public Builder minReplicas(int value) {
            requireAtLeast("min_replicas", value, 0);
            minReplicas = value;
            return this;
        }

        /** {@code max_replicas}, at least 1. */
        public Builder maxReplicas(int value) {
            requireAtLeast("max_replicas", value, 1);
            maxReplicas = value;
            return this;
        }

        /** {@code initial_replicas}, at least 0; {@code null} starts with {@code min_replicas}. */
        public Builder initialReplicas(Integer value) {
            if (value != null) {
                requireAtLeast("initial_replicas", value, 0);
            }
            initialReplicas = value;
            return this;
        }

        /** {@code target_ongoing_requests} per replica, above 0 (fractions allowed). */
        public Builder targetOngoingRequests(double value) {
            requirePositive("target_ongoing_requests", value);
            targetOngoingRequests = value;
            return this;
        }

        /** {@code upscale_delay_s}: how long more replicas must be wanted before they are added; 0 or more. */
        public Builder upscaleDelay(Duration value) {
            requireNonNegative("upscale_delay_s", value);
            upscaleDelay = value;
            return this;
        }

        /** {@code downscale_delay_s}: how long fewer replicas must be wanted before some are stopped; 0 or more. */
        public Builder downscaleDelay(Duration value) {
            requireNonNegative("downscale_delay_s", value);
            downscaleDelay = value;
            return this;
        }

        /** {@code downscale_to_zero_delay_s}: the wait before going from 1 replica to 0; {@code null}: downscale_delay_s. */
        public Builder downscaleToZeroDelay(Duration value) {
            if (value != null) {
                requireNonNegative("downscale_to_zero_delay_s", value);
            }
            downscaleToZeroDelay = value;
            return this;
        }

        /** {@code upscaling_factor}, above 0: multiplies each scale-up decision (below 1: slower, above 1: faster). */
        public Builder upscalingFactor(double value) {
            requirePositive("upscaling_factor", value);
            upscalingFactor = value;
            return this;
        }

        /** {@code downscaling_factor}, above 0: multiplies each scale-down decision. */
        public Builder downscalingFactor(double value) {
            requirePositive("downscaling_factor", value);
            downscalingFactor = value;
            return this;
        }

        /** {@code metrics_interval_s}, above 0: how often each node's routers report their load to the controller. */
        public Builder metricsInterval(Duration value) {
            requirePositive("metrics_interval_s", value);
            metricsInterval = value;
            return this;
        }

        /** {@code look_back_period_s}, above 0 and at least metrics_interval_s: the window the load is aggregated over. */
        public Builder lookBackPeriod(Duration value) {
            requirePositive("look_back_period_s", value);
            lookBackPeriod = value;
            return this;
        }

        /** {@code aggregation_function}: how the window's samples are combined. */
        public Builder aggregationFunction(AggregationFunction value) {
            aggregationFunction = Objects.requireNonNull(value, "aggregation_function");
            return this;
        }

        /** {@code policy}: the policy deciding the desired count. */
        public Builder policy(AutoscalingPolicy value) {
            policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * {@code policy} by class: one instance made with its public no-argument constructor, as
         * when a config file names the class.
         *
         * @throws IllegalArgumentException naming {@code policy} and the class when it cannot be made
         */
        public Builder policy(Class<? extends AutoscalingPolicy> value) {
            policy = instantiate(value);
            return this;
        }

        public AutoscalingConfig build() {
            return new AutoscalingConfig(minReplicas, maxReplicas, initialReplicas, targetOngoingRequests,
                    upscaleDelay, downscaleDelay, downscaleToZeroDelay, upscalingFactor, downscalingFactor,
                    metricsInterval, lookBackPeriod, aggregationFunction, policy);
        }
    }

    /** An instance of {@code cls} made with its public no-argument constructor, or an error naming {@code policy}. */
    private static AutoscalingPolicy instantiate(Class<?> cls) {
        Objects.requireNonNull(cls, "policy");
        String name = cls.getName();
        if (!AutoscalingPolicy.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException("policy must implement " + AutoscalingPolicy.class.getName()
                    + ", was " + name);
        }
        if (cls.isInterface() || Modifier.isAbstract(cls.getModifiers())) {
            throw new IllegalArgumentException("policy must be a concrete class, was " + name);
        }
        try {
            return (AutoscalingPolicy) cls.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException("policy " + name + " needs a public no-argument constructor"
                    + (Modifier.isPublic(cls.getModifiers()) ? "" : " and must be a public class"));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("policy " + name + ": its constructor threw " + e.getCause(), e.getCause());
        } catch (InstantiationException e) {
            throw new IllegalArgumentException("policy " + name + " cannot be instantiated: " + e);
        }
    }

    private static void requireAtLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", was " + value);
        }
    }

    private static void requirePositive(String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be a number > 0, was " + value);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be > 0 seconds, was " + seconds(value));
        }
    }

    private static void requireNonNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be >= 0 seconds, was " + seconds(value));
        }
    }

    private static String seconds(Duration value) {
        return value == null ? "null" : value.toNanos() / 1e9 + " s";
    }
}
