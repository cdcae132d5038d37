package dev.trellis.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An amount of node resources: CPUs, GPUs (fractional amounts allowed, as in Ray) and custom
 * named resources. Used both for what a node declares it has and for what one replica needs.
 * Immutable; arithmetic returns new values.
 */
public record Resources(double cpus, double gpus, Map<String, Double> custom) {

    public static final Resources NONE = new Resources(0, 0, Map.of());

    public Resources {
        requireNonNegative("num_cpus", cpus);
        requireNonNegative("num_gpus", gpus);
        Objects.requireNonNull(custom, "custom");
        var copy = new TreeMap<String, Double>();
        custom.forEach((name, amount) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("resource names must not be blank, was '" + name + "'");
            }
            requireNonNegative("resources." + name, amount == null ? Double.NaN : amount);
            copy.put(name, amount);
        });
        custom = Map.copyOf(copy);
    }

    public static Resources of(double cpus, double gpus) {
        return new Resources(cpus, gpus, Map.of());
    }

    /** The resources of this machine as Trellis sees it by default: all cores, no GPUs. */
    public static Resources ofThisMachine() {
        return of(Runtime.getRuntime().availableProcessors(), 0);
    }

    public Resources withCustom(String name, double amount) {
        var map = new TreeMap<>(custom);
        map.put(name, amount);
        return new Resources(cpus, gpus, map);
    }

    /** True when every amount requested here is available in {@code available}. */
    public boolean fitsIn(Resources available) {
        if (cpus > available.cpus + EPSILON || gpus > available.gpus + EPSILON) {
            return false;
        }
        for (var e : custom.entrySet()) {
            if (e.getValue() > available.custom.getOrDefault(e.getKey(), 0.0) + EPSILON) {
                return false;
            }
        }
        return true;
    }

    public Resources plus(Resources other) {
        var map = new TreeMap<>(custom);
        other.custom.forEach((k, v) -> map.merge(k, v, Double::sum));
        return new Resources(cpus + other.cpus, gpus + other.gpus, map);
    }

    public Resources minus(Resources other) {
        var map = new TreeMap<>(custom);
        other.custom.forEach((k, v) -> map.put(k, Math.max(0, map.getOrDefault(k, 0.0) - v)));
        return new Resources(Math.max(0, cpus - other.cpus), Math.max(0, gpus - other.gpus), map);
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("{CPU: ").append(format(cpus)).append(", GPU: ").append(format(gpus));
        custom.forEach((k, v) -> sb.append(", ").append(k).append(": ").append(format(v)));
        return sb.append('}').toString();
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static final double EPSILON = 1e-9;

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
        }
    }
}
