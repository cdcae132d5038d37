package dev.trellis.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How an actor runs, with Ray's names and defaults: no resources reserved (Ray's actors hold
 * 0 CPUs while running), no restarts, no task retries, one call at a time, non-detached, no
 * name. Immutable; built through {@code Trellis.actor(...).options(o -> o.name("c"))}.
 */
public record ActorOptions(String name, Resources resources, int maxRestarts, int maxTaskRetries,
                           int maxConcurrency, ActorLifetime lifetime, SchedulingStrategy schedulingStrategy) {
    /** The defaults. */
    public static final ActorOptions DEFAULT = builder().build();

    public ActorOptions {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(schedulingStrategy, "schedulingStrategy");
        if (lifetime == ActorLifetime.DETACHED && name == null) {
            throw new IllegalStateException("lifetime DETACHED needs a name: a detached actor is found again by name");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ActorOptions}; each setter checks its value and names it when wrong. */
    public static final class Builder {
        private String name;
        private double cpus;
        private double gpus;
        private final Map<String, Double> custom = new TreeMap<>();
        private int maxRestarts;
        private int maxTaskRetries;
        private int maxConcurrency = 1;
        private ActorLifetime lifetime = ActorLifetime.NON_DETACHED;
        private SchedulingStrategy strategy = SchedulingStrategy.DEFAULT;

        Builder() {
        }

        /** A cluster-wide name, for {@code Trellis.getActor(name, type)}. */
        public Builder name(String name) {
            this.name = OptionChecks.name("name", name);
            return this;
        }

        /** CPUs reserved for the actor's whole life (default 0). */
        public Builder numCpus(double numCpus) {
            this.cpus = OptionChecks.amount("num_cpus", numCpus);
            return this;
        }

        /** GPUs reserved for the actor's whole life; fractions share a GPU (default 0). */
        public Builder numGpus(double numGpus) {
            this.gpus = OptionChecks.amount("num_gpus", numGpus);
            return this;
        }

        /** Bytes of memory reserved (a resource named {@code memory}). */
        public Builder memory(long bytes) {
            custom.put("memory", OptionChecks.amount("memory", bytes));
            return this;
        }

        /** Custom resources, e.g. {@code Map.of("special", 1.0)}. */
        public Builder resources(Map<String, ? extends Number> resources) {
            OptionChecks.customResources(resources).forEach(custom::put);
            return this;
        }

        /** Times the actor is re-created after it dies unexpectedly (default 0; -1 unlimited). */
        public Builder maxRestarts(int maxRestarts) {
            if (maxRestarts < -1) {
                throw new IllegalArgumentException("max_restarts must be >= 0, or -1 for unlimited, was " + maxRestarts);
            }
            this.maxRestarts = maxRestarts;
            return this;
        }

        /** Times a call in flight when the actor died is retried on the restarted actor (default 0; -1 unlimited). */
        public Builder maxTaskRetries(int maxTaskRetries) {
            if (maxTaskRetries < -1) {
                throw new IllegalArgumentException("max_task_retries must be >= 0, or -1 for unlimited, was "
                        + maxTaskRetries);
            }
            this.maxTaskRetries = maxTaskRetries;
            return this;
        }

        /** Calls that may run at once (default 1: one at a time, in order). */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("max_concurrency must be >= 1, was " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public Builder lifetime(ActorLifetime lifetime) {
            this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        public Builder schedulingStrategy(SchedulingStrategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "scheduling_strategy");
            return this;
        }

        public ActorOptions build() {
            return new ActorOptions(name, new Resources(cpus, gpus, custom), maxRestarts, maxTaskRetries,
                    maxConcurrency, lifetime, strategy);
        }
    }
}
