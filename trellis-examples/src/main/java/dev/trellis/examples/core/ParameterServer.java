package dev.trellis.examples.core;

import dev.trellis.core.ActorHandle;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.Trellis;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Ray's parameter server pattern, synchronous version, on a small linear regression: an actor
 * ({@link Server}) holds the weights; each iteration, every data worker (a task) computes the
 * gradient of the mean squared error on its shard of the data at the current weights, and the
 * server applies them all at once ({@code applyGradients(g1, g2, ...)}), which gives the weights
 * for the next iteration.
 *
 * <pre>{@code
 * ./trellis run dev.trellis.examples.core.ParameterServer [--iterations K] [--workers W] [--address HOST:PORT]
 * }</pre>
 *
 * <p>The data is synthetic, {@code y = x . w* + b* + noise} with features and true weights drawn
 * from fixed seeds, so runs are reproducible. Each worker's shard is made once by a task and stays
 * in the object store; the workers get it (and the weights) by reference, not through the driver.
 */
public final class ParameterServer {
    static final String USAGE = "usage: ParameterServer [--iterations K] [--workers W] [--address HOST:PORT]\n"
            + "  --iterations  synchronous training iterations (default 50)\n"
            + "  --workers     data workers, each with its own shard of the data (default 4)\n"
            + "  --address     the Trellis cluster to join (default: $TRELLIS_ADDRESS, else an embedded node)";
    static final int DEFAULT_ITERATIONS = 50;
    static final int DEFAULT_WORKERS = 4;
    /** Features per example; the model has one weight more, the bias. */
    static final int FEATURES = 10;
    static final int EXAMPLES_PER_WORKER = 2_000;
    static final double LEARNING_RATE = 0.1;
    static final double NOISE = 0.1;
    private static final long SEED = 20_240_601L;

    private ParameterServer() {
    }

    /**
     * The parameter server: the model's weights (the last one the bias), updated by plain gradient
     * descent with the mean of the gradients it is given. Hands out copies, since objects in the
     * store must not change afterwards.
     */
    public static final class Server {
        private final double[] weights;
        private final double learningRate;

        public Server(int size, double learningRate) {
            this.weights = new double[size];
            this.learningRate = learningRate;
        }

        public double[] getWeights() {
            return weights.clone();
        }

        /** Applies the mean of {@code gradients}; returns the new weights. */
        public double[] applyGradients(double[]... gradients) {
            for (double[] g : gradients) {
                if (g.length != weights.length) {
                    throw new IllegalArgumentException("a gradient must have " + weights.length + " entries, had "
                            + g.length);
                }
                for (int j = 0; j < weights.length; j++) {
                    weights[j] -= learningRate * g[j] / gradients.length;
                }
            }
            return weights.clone();
        }
    }

    /** One worker's data: {@code x[i]} the features of example {@code i}, {@code y[i]} its target. */
    public record Shard(double[][] x, double[] y) implements Serializable {
    }

    /** A worker's gradient of the mean squared error on its shard, and that error (before the update). */
    public record Gradient(double[] gradient, double loss, int examples) implements Serializable {
    }

    /** What training did: the loss at the start of each iteration, and after the last one. */
    public record Training(List<Double> losses, double finalLoss, double[] weights) {
        public Training {
            losses = List.copyOf(losses);
        }

        public double initialLoss() {
            return losses.getFirst();
        }
    }

    /** The true weights (bias last), the same for every shard. */
    static double[] trueWeights() {
        var random = new SplittableRandom(SEED);
        double[] w = new double[FEATURES + 1];
        for (int j = 0; j < w.length; j++) {
            w[j] = random.nextDouble(-2, 2);
        }
        return w;
    }

    /** The task that makes worker {@code worker}'s shard of {@code examples} examples. */
    public static Shard makeShard(int worker, int examples) {
        double[] w = trueWeights();
        var random = new SplittableRandom(SEED + 1 + worker);
        double[][] x = new double[examples][FEATURES];
        double[] y = new double[examples];
        for (int i = 0; i < examples; i++) {
            double target = w[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = gaussian(random);
                target += x[i][j] * w[j];
            }
            y[i] = target + NOISE * gaussian(random);
        }
        return new Shard(x, y);
    }

    /** The data worker's task: the gradient of the mean squared error on {@code shard} at {@code weights}. */
    public static Gradient computeGradients(double[] weights, Shard shard) {
        int n = shard.y().length;
        double[] gradient = new double[weights.length];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double error = predict(weights, shard.x()[i]) - shard.y()[i];
            loss += error * error;
            for (int j = 0; j < FEATURES; j++) {
                gradient[j] += 2 * error * shard.x()[i][j] / n;
            }
            gradient[FEATURES] += 2 * error / n;
        }
        return new Gradient(gradient, loss / n, n);
    }

    /** The mean squared error on {@code shard} at {@code weights}. */
    public static double loss(double[] weights, Shard shard) {
        double loss = 0;
        for (int i = 0; i < shard.y().length; i++) {
            double error = predict(weights, shard.x()[i]) - shard.y()[i];
            loss += error * error;
        }
        return loss / shard.y().length;
    }

    private static double predict(double[] weights, double[] features) {
        double p = weights[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            p += weights[j] * features[j];
        }
        return p;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian of its own that is reproducible across JDKs.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * Trains for {@code iterations} synchronous iterations with {@code workers} data workers;
     * Trellis must be initialized. Prints the loss every few iterations to {@code progress}.
     */
    public static Training train(int iterations, int workers, PrintStream progress) {
        if (iterations < 1 || workers < 1) {
            throw new IllegalArgumentException("iterations and workers must be >= 1, were " + iterations + " and "
                    + workers);
        }
        ActorHandle<Server> server = Trellis.actor(Server::new, FEATURES + 1, LEARNING_RATE).remote();
        List<ObjectRef<Shard>> shards = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            shards.add(Trellis.task(ParameterServer::makeShard, w, EXAMPLES_PER_WORKER).remote());
        }
        ObjectRef<double[]> weights = server.task(Server::getWeights).remote();
        List<Double> losses = new ArrayList<>(iterations);
        int every = Math.max(1, iterations / 10);
        for (int k = 0; k < iterations; k++) {
            List<ObjectRef<Gradient>> refs = new ArrayList<>(workers);
            for (ObjectRef<Shard> shard : shards) {
                refs.add(Trellis.task(ParameterServer::computeGradients, weights, shard).remote());
            }
            List<Gradient> gradients = Trellis.get(refs);
            double loss = meanLoss(gradients);
            losses.add(loss);
            if (k % every == 0) {
                progress.printf(Locale.ROOT, "iteration %3d: loss %.6f%n", k, loss);
            }
            weights = server.task(Server::applyGradients,
                    gradients.stream().map(Gradient::gradient).toArray(double[][]::new)).remote();
        }
        List<ObjectRef<Double>> finalLosses = new ArrayList<>(workers);
        for (ObjectRef<Shard> shard : shards) {
            finalLosses.add(Trellis.task(ParameterServer::loss, weights, shard).remote());
        }
        double finalLoss = Trellis.get(finalLosses).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new Training(losses, finalLoss, weights.get().clone());
    }

    /** The mean loss over all examples (every shard has as many). */
    private static double meanLoss(List<Gradient> gradients) {
        double sum = 0;
        long n = 0;
        for (Gradient g : gradients) {
            sum += g.loss() * g.examples();
            n += g.examples();
        }
        return sum / n;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} without the exit: the exit code (0, 1 when running failed, 2 for bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        int iterations;
        int workers;
        Optional<String> address;
        try {
            DriverArgs parsed = DriverArgs.parse(args, Set.of("iterations", "workers", "address"));
            if (parsed.help()) {
                out.println(USAGE);
                return DriverArgs.EXIT_OK;
            }
            iterations = parsed.intOption("iterations", DEFAULT_ITERATIONS, 1, 1_000_000);
            workers = parsed.intOption("workers", DEFAULT_WORKERS, 1, 1_000);
            address = parsed.address();
        } catch (DriverArgs.UsageException e) {
            return DriverArgs.usageError(err, e.getMessage(), USAGE);
        }
        boolean started;
        try {
            started = DriverArgs.start(address);
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return DriverArgs.EXIT_FAILED;
        }
        try {
            out.printf(Locale.ROOT, "training a linear model (%d weights) on %d x %d examples, %d iterations%n",
                    FEATURES + 1, workers, EXAMPLES_PER_WORKER, iterations);
            Training t = train(iterations, workers, out);
            out.printf(Locale.ROOT, "final loss %.6f (initial %.6f: %.3f%% of it; noise floor ~%.4f)%n",
                    t.finalLoss(), t.initialLoss(), 100 * t.finalLoss() / t.initialLoss(), NOISE * NOISE);
            return DriverArgs.EXIT_OK;
        } catch (RuntimeException e) {
            err.println("error: " + e);
            return DriverArgs.EXIT_FAILED;
        } finally {
            if (started) {
                Trellis.shutdown();
            }
        }
    }
}
