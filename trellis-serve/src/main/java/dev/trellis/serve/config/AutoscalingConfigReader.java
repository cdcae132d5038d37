package dev.trellis.serve.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.AutoscalingConfig;
import dev.trellis.serve.AutoscalingPolicy;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a deployment's {@code autoscaling_config} mapping, Ray Serve's keys:
 *
 * <pre>
 * autoscaling_config:
 *   min_replicas: 0                  # default 1
 *   max_replicas: 10                 # default 1
 *   initial_replicas: 1              # default: min_replicas
 *   target_ongoing_requests: 2       # per replica, fractions allowed
 *   upscale_delay_s: 30
 *   downscale_delay_s: 600
 *   downscale_to_zero_delay_s: 600   # default: downscale_delay_s
 *   upscaling_factor: 1.0
 *   downscaling_factor: 1.0
 *   metrics_interval_s: 10
 *   look_back_period_s: 30
 *   aggregation_function: mean       # mean, max or min
 *   policy:
 *     policy_function: com.example.MyPolicy   # a class implementing AutoscalingPolicy
 * </pre>
 *
 * Keys left out take Ray's defaults ({@link AutoscalingConfig#defaults()}), or with
 * {@code num_replicas: auto} those of {@link AutoscalingConfig#autoDefaults()}: as in Ray, the
 * file's mapping replaces an autoscaling config set in code rather than merging with it. Each
 * bad value is a problem at its key; settings that contradict each other are a problem at
 * {@code autoscaling_config}.
 */
final class AutoscalingConfigReader {
    static final List<String> KEYS = List.of("min_replicas", "max_replicas", "initial_replicas",
            "target_ongoing_requests", "upscale_delay_s", "downscale_delay_s", "downscale_to_zero_delay_s",
            "upscaling_factor", "downscaling_factor", "metrics_interval_s", "look_back_period_s",
            "aggregation_function", "policy");
    static final List<String> POLICY_KEYS = List.of("policy_function");

    private AutoscalingConfigReader() {
    }

    /** The config {@code node} describes on top of {@code base}; null (with the problems recorded) when it has any. */
    static AutoscalingConfig read(JsonNode node, KeyPath path, ConfigNodes nodes, AutoscalingConfig base) {
        ObjectNode o = nodes.mapping(node, path, KEYS);
        if (o == null) {
            return null;
        }
        int problemsBefore = nodes.problems().size();
        var b = base.toBuilder();
        set(nodes, path, "min_replicas", nodes.integer(o, path, "min_replicas"), b::minReplicas);
        set(nodes, path, "max_replicas", nodes.integer(o, path, "max_replicas"), b::maxReplicas);
        set(nodes, path, "initial_replicas", nodes.integer(o, path, "initial_replicas"), b::initialReplicas);
        set(nodes, path, "target_ongoing_requests", nodes.number(o, path, "target_ongoing_requests"),
                b::targetOngoingRequests);
        set(nodes, path, "upscale_delay_s", nodes.seconds(o, path, "upscale_delay_s"), b::upscaleDelay);
        set(nodes, path, "downscale_delay_s", nodes.seconds(o, path, "downscale_delay_s"), b::downscaleDelay);
        set(nodes, path, "downscale_to_zero_delay_s", nodes.seconds(o, path, "downscale_to_zero_delay_s"),
                b::downscaleToZeroDelay);
        set(nodes, path, "upscaling_factor", nodes.number(o, path, "upscaling_factor"), b::upscalingFactor);
        set(nodes, path, "downscaling_factor", nodes.number(o, path, "downscaling_factor"), b::downscalingFactor);
        set(nodes, path, "metrics_interval_s", nodes.seconds(o, path, "metrics_interval_s"), b::metricsInterval);
        set(nodes, path, "look_back_period_s", nodes.seconds(o, path, "look_back_period_s"), b::lookBackPeriod);
        String aggregation = nodes.string(o, path, "aggregation_function", false);
        set(nodes, path, "aggregation_function", aggregation,
                value -> b.aggregationFunction(AutoscalingConfig.AggregationFunction.fromConfigName(value)));
        readPolicy(o.get("policy"), path.key("policy"), nodes, b);
        if (nodes.problems().size() > problemsBefore) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            nodes.problem(path, e.getMessage());
            return null;
        }
    }

    /** {@code policy: {policy_function: com.example.MyPolicy}}, or the class name alone. */
    private static void readPolicy(JsonNode node, KeyPath path, ConfigNodes nodes, AutoscalingConfig.Builder b) {
        if (node == null || node.isNull()) {
            return;
        }
        KeyPath classPath = path;
        String className;
        if (node.isTextual()) {
            className = node.textValue().isBlank() ? null : node.textValue().strip();
            if (className == null) {
                nodes.problem(path, "must name a class implementing " + AutoscalingPolicy.class.getName()
                        + ", was " + ConfigNodes.show(node));
            }
        } else {
            ObjectNode o = nodes.mapping(node, path, POLICY_KEYS);
            if (o == null) {
                return;
            }
            classPath = path.key("policy_function");
            className = nodes.string(o, path, "policy_function", true);
        }
        if (className == null) {
            return;
        }
        Class<?> cls;
        try {
            cls = ImportPaths.loadClass(className, "policy");
        } catch (ImportPaths.Failure f) {
            nodes.problem(classPath, f.getMessage() + " (it must name a class implementing "
                    + AutoscalingPolicy.class.getName() + ")");
            return;
        }
        if (!AutoscalingPolicy.class.isAssignableFrom(cls)) {
            nodes.problem(classPath, "class '" + className + "' does not implement " + AutoscalingPolicy.class.getName());
            return;
        }
        KeyPath where = classPath;
        set(nodes, where, cls.asSubclass(AutoscalingPolicy.class), b::policy);
    }

    private static <V> void set(ConfigNodes nodes, KeyPath parent, String key, V value, Consumer<V> setter) {
        set(nodes, parent.key(key), value, setter);
    }

    private static <V> void set(ConfigNodes nodes, KeyPath path, V value, Consumer<V> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            nodes.problem(path, e.getMessage());
        }
    }
}
