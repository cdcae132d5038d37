package dev.trellis.data;

import java.util.Arrays;
import java.util.List;

/**
 * How a stateful {@code mapBatches(Class, ActorPoolOptions)} runs (Ray's {@code concurrency},
 * {@code batch_size}, {@code num_cpus}, {@code num_gpus}, {@code fn_constructor_args}): a pool of
 * actors, fixed ({@link #of(int)}) or autoscaled between a minimum and a maximum
 * ({@link #autoscaling(int, int)}), each building the class once.
 *
 * <pre>{@code
 * ds.mapBatches(Classifier.class, ActorPoolOptions.of(2).batchSize(64).constructorArgs(modelPath))
 * }</pre>
 */
public final class ActorPoolOptions {
    private final int minActors;
    private final int maxActors;
    private final int batchSize;
    private final double numCpus;
    private final double numGpus;
    private final int maxInFlightPerActor;
    private final List<Object> constructorArgs;

    private ActorPoolOptions(int minActors, int maxActors, int batchSize, double numCpus, double numGpus,
                             int maxInFlightPerActor, List<Object> constructorArgs) {
        this.minActors = minActors;
        this.maxActors = maxActors;
        this.batchSize = batchSize;
        this.numCpus = numCpus;
        this.numGpus = numGpus;
        this.maxInFlightPerActor = maxInFlightPerActor;
        this.constructorArgs = constructorArgs;
    }

    /** A fixed pool of {@code concurrency} actors. */
    public static ActorPoolOptions of(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        return new ActorPoolOptions(concurrency, concurrency, 0, 1, 0, 2, List.of());
    }

    /** A pool that starts with {@code min} actors and grows to {@code max} while every actor is busy. */
    public static ActorPoolOptions autoscaling(int min, int max) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("concurrency must be (min, max) with 1 <= min <= max, was (" + min + ", "
                    + max + ")");
        }
        return new ActorPoolOptions(min, max, 0, 1, 0, 2, List.of());
    }

    /** Rows per call of the class's {@code apply} (0, the default: each block as it comes). */
    public ActorPoolOptions batchSize(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("batchSize must be 0 or more, was " + rows);
        }
        return new ActorPoolOptions(minActors, maxActors, rows, numCpus, numGpus, maxInFlightPerActor, constructorArgs);
    }

    /** CPUs each actor holds (default 1). */
    public ActorPoolOptions numCpus(double cpus) {
        if (cpus < 0) {
            throw new IllegalArgumentException("numCpus must be 0 or more, was " + cpus);
        }
        return new ActorPoolOptions(minActors, maxActors, batchSize, cpus, numGpus, maxInFlightPerActor, constructorArgs);
    }

    /** GPUs each actor holds (fractions allowed; default 0). */
    public ActorPoolOptions numGpus(double gpus) {
        if (gpus < 0) {
            throw new IllegalArgumentException("numGpus must be 0 or more, was " + gpus);
        }
        return new ActorPoolOptions(minActors, maxActors, batchSize, numCpus, gpus, maxInFlightPerActor, constructorArgs);
    }

    /** Blocks sent to one actor before it answers (default 2, so it never waits for input). */
    public ActorPoolOptions maxInFlightPerActor(int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("maxInFlightPerActor must be at least 1, was " + blocks);
        }
        return new ActorPoolOptions(minActors, maxActors, batchSize, numCpus, numGpus, blocks, constructorArgs);
    }

    /** Arguments of the class's public constructor (Ray's {@code fn_constructor_args}). */
    public ActorPoolOptions constructorArgs(Object... args) {
        return new ActorPoolOptions(minActors, maxActors, batchSize, numCpus, numGpus, maxInFlightPerActor,
                Arrays.asList(args.clone()));
    }

    public int minActors() {
        return minActors;
    }

    public int maxActors() {
        return maxActors;
    }

    public int batchSize() {
        return batchSize;
    }

    public double numCpus() {
        return numCpus;
    }

    public double numGpus() {
        return numGpus;
    }

    public int maxInFlightPerActor() {
        return maxInFlightPerActor;
    }

    public List<Object> constructorArgs() {
        return constructorArgs;
    }
}
