package dev.trellis.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a task runs, with Ray's names and defaults: 1 CPU, no GPU, {@code maxRetries} 3 (retries
 * after its node dies; application exceptions are retried only with {@code retryExceptions}),
 * the {@link SchedulingStrategy#DEFAULT} strategy. Immutable; built with {@link #builder()} or
 * through {@code Trellis.task(...).options(o -> o.numCpus(2))}.
 */
public record TaskOptions(Resources resources, int maxRetries, boolean retryExceptions,
                          SchedulingStrategy schedulingStrategy, String name) {
    /** The defaults. */
    public static final TaskOptions DEFAULT = builder().build();

    public TaskOptions {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(schedulingStrategy, "schedulingStrategy");
        if (maxRetries < -1) {
            throw new IllegalArgumentException("max_retries must be >= 0, or -1 for unlimited, was " + maxRetries);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        var b = new Builder();
        b.cpus = resources.cpus();
        b.gpus = resources.gpus();
        b.custom.putAll(resources.custom());
        b.maxRetries = maxRetries;
        b.retryExceptions = retryExceptions;
        b.strategy = schedulingStrategy;
        b.name = name;
        return b;
    }

    /** Builds {@link TaskOptions}; each setter checks its value and names it when wrong. */
    public static final class Builder {
        private double cpus = 1;
        private double gpus;
        private final Map<String, Double> custom = new TreeMap<>();
        private int maxRetries = 3;
        private boolean retryExceptions;
        private SchedulingStrategy strategy = SchedulingStrategy.DEFAULT;
        private String name;

        Builder() {
        }

        /** CPUs reserved while the task runs (default 1; 0 allowed). */
        public Builder numCpus(double numCpus) {
            this.cpus = OptionChecks.amount("num_cpus", numCpus);
            return this;
        }

        /** GPUs reserved while the task runs; fractions share a GPU (default 0). */
        public Builder numGpus(double numGpus) {
            this.gpus = OptionChecks.amount("num_gpus", numGpus);
            return this;
        }

        /** Bytes of memory reserved (a resource named {@code memory}, as in Ray). */
        public Builder memory(long bytes) {
            custom.put("memory", OptionChecks.amount("memory", bytes));
            return this;
        }

        /** Custom resources, e.g. {@code Map.of("special", 1.0)}. */
        public Builder resources(Map<String, ? extends Number> resources) {
            OptionChecks.customResources(resources).forEach(custom::put);
            return this;
        }

        /** Retries after the task's node dies (default 3; -1 unlimited). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < -1) {
                throw new IllegalArgumentException("max_retries must be >= 0, or -1 for unlimited, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Whether an exception thrown by the task also counts as retryable (default false). */
        public Builder retryExceptions(boolean retryExceptions) {
            this.retryExceptions = retryExceptions;
            return this;
        }

        public Builder schedulingStrategy(SchedulingStrategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "scheduling_strategy");
            return this;
        }

        /** A name for status and errors (default: the function, e.g. {@code Fns.square}). */
        public Builder name(String name) {
            this.name = OptionChecks.name("name", name);
            return this;
        }

        public TaskOptions build() {
            return new TaskOptions(new Resources(cpus, gpus, custom), maxRetries, retryExceptions, strategy, name);
        }
    }
}
