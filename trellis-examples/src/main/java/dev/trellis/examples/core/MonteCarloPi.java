package dev.trellis.examples.core;

import dev.trellis.core.ObjectRef;
import dev.trellis.core.Trellis;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Ray's Monte Carlo estimation of pi with Trellis tasks: each task throws {@code M} random points
 * at the unit square and counts those inside the quarter circle; the driver adds the counts up
 * ({@code pi ~ 4 * hits / points}) and says which nodes ran the tasks.
 *
 * <pre>{@code
 * ./trellis run dev.trellis.examples.core.MonteCarloPi [--tasks N] [--samples-per-task M] [--address HOST:PORT]
 * }</pre>
 *
 * <p>Task {@code i} draws from a generator seeded with {@code i}, so a run's estimate depends only
 * on {@code N} and {@code M}, not on where or in which order the tasks ran.
 */
public final class MonteCarloPi {
    static final String USAGE = "usage: MonteCarloPi [--tasks N] [--samples-per-task M] [--address HOST:PORT]\n"
            + "  --tasks             tasks to run (default 100)\n"
            + "  --samples-per-task  random points each task throws (default 1000000)\n"
            + "  --address           the Trellis cluster to join (default: $TRELLIS_ADDRESS, else an embedded node)";
    static final int DEFAULT_TASKS = 100;
    static final long DEFAULT_SAMPLES_PER_TASK = 1_000_000;
    private static final long SEED = 0x5eed_1e55L;

    private MonteCarloPi() {
    }

    /** What one task found: {@code hits} of its {@code samples} points inside the circle, on node {@code nodeId}. */
    public record Sample(long hits, long samples, String nodeId) implements Serializable {
    }

    /** The estimate over all tasks, and how many tasks each node ran. */
    public record Estimate(double pi, long hits, long samples, Map<String, Integer> tasksPerNode) {
        public Estimate {
            tasksPerNode = Map.copyOf(tasksPerNode);
        }
    }

    /** The task: throws {@code samples} points from task {@code taskIndex}'s generator, counts the hits. */
    public static Sample sample(int taskIndex, long samples) {
        var random = new SplittableRandom(SEED + taskIndex);
        long hits = 0;
        for (long i = 0; i < samples; i++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            if (x * x + y * y <= 1.0) {
                hits++;
            }
        }
        return new Sample(hits, samples, Trellis.nodeId());
    }

    /** Runs {@code tasks} sampling tasks of {@code samplesPerTask} points each; Trellis must be initialized. */
    public static Estimate estimate(int tasks, long samplesPerTask) {
        if (tasks < 1 || samplesPerTask < 1) {
            throw new IllegalArgumentException("tasks and samples per task must be >= 1, were " + tasks + " and "
                    + samplesPerTask);
        }
        List<ObjectRef<Sample>> refs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            refs.add(Trellis.task(MonteCarloPi::sample, i, samplesPerTask).remote());
        }
        long hits = 0;
        long samples = 0;
        var perNode = new TreeMap<String, Integer>();
        for (Sample s : Trellis.get(refs)) {
            hits += s.hits();
            samples += s.samples();
            perNode.merge(s.nodeId(), 1, Integer::sum);
        }
        return new Estimate(4.0 * hits / samples, hits, samples, perNode);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} without the exit: the exit code (0, 1 when running failed, 2 for bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        int tasks;
        long samplesPerTask;
        Optional<String> address;
        try {
            DriverArgs parsed = DriverArgs.parse(args, Set.of("tasks", "samples-per-task", "address"));
            if (parsed.help()) {
                out.println(USAGE);
                return DriverArgs.EXIT_OK;
            }
            tasks = parsed.intOption("tasks", DEFAULT_TASKS, 1, 10_000_000);
            samplesPerTask = parsed.longOption("samples-per-task", DEFAULT_SAMPLES_PER_TASK, 1, Long.MAX_VALUE / 4);
            address = parsed.address();
        } catch (DriverArgs.UsageException e) {
            return DriverArgs.usageError(err, e.getMessage(), USAGE);
        }
        if ((double) tasks * samplesPerTask > Long.MAX_VALUE / 4.0) {
            return DriverArgs.usageError(err, "--tasks " + tasks + " times --samples-per-task " + samplesPerTask
                    + " is too many points", USAGE);
        }
        boolean started;
        try {
            started = DriverArgs.start(address);
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return DriverArgs.EXIT_FAILED;
        }
        try {
            long t0 = System.nanoTime();
            Estimate e = estimate(tasks, samplesPerTask);
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "pi ~ %.8f (off by %.2e; %d tasks x %d points = %d points, %d inside; %.2f s)%n",
                    e.pi(), Math.abs(e.pi() - Math.PI), tasks, samplesPerTask, e.samples(), e.hits(), seconds);
            out.println("tasks per node:");
            new TreeMap<>(e.tasksPerNode()).forEach((node, n) -> out.println("  " + node + ": " + n));
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
