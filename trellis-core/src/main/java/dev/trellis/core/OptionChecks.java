package dev.trellis.core;

import java.util.Map;
import java.util.TreeMap;

/** The value checks task and actor options share; messages name the option and the value. */
final class OptionChecks {
    private OptionChecks() {
    }

    static double amount(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a finite number >= 0, was " + value);
        }
        return value;
    }

    static Map<String, Double> customResources(Map<String, ? extends Number> resources) {
        if (resources == null) {
            throw new IllegalArgumentException("resources must not be null");
        }
        var out = new TreeMap<String, Double>();
        resources.forEach((k, v) -> {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("resource names must not be blank, was '" + k + "'");
            }
            if (k.equals("CPU") || k.equals("GPU")) {
                throw new IllegalArgumentException("resources." + k + ": use num_cpus/num_gpus for CPU and GPU");
            }
            if (v == null) {
                throw new IllegalArgumentException("resources." + k + " must be a number, was null");
            }
            out.put(k, amount("resources." + k, v.doubleValue()));
        });
        return out;
    }

    static String name(String option, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(option + " must not be blank, was '" + name + "'");
        }
        return name;
    }
}
