package dev.trellis.data;

import dev.trellis.core.ObjectRef;
import dev.trellis.core.Trellis;
import dev.trellis.data.internal.exec.BlockRef;
import dev.trellis.data.internal.exec.BlockStream;
import dev.trellis.data.internal.exec.DataTasks;
import dev.trellis.data.internal.exec.Execution;
import dev.trellis.data.internal.exec.Executor;
import dev.trellis.data.internal.io.FileFormat;
import dev.trellis.data.internal.plan.Op;
import dev.trellis.data.internal.plan.Plan;
import dev.trellis.data.internal.plan.PortableFn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A lazy, distributed dataset of rows in columnar blocks (Ray Data's {@code Dataset}).
 * Transforms ({@link #map}, {@link #mapBatches}, {@link #filter}...) only add to the plan;
 * consuming it ({@link #take}, {@link #iterBatches}, {@link #count}, {@link #writeParquet}...)
 * executes the plan with a streaming executor over Trellis Core: read and map tasks run where
 * Core places them, at most twice the cluster's CPUs at a time, blocks stay in the object
 * store of the node that made them, and a stage starts more work only as its consumer takes
 * blocks, so a dataset larger than memory streams through. Every consumption runs the plan
 * again; {@link #materialize} keeps the blocks for reuse.
 *
 * <p>Functions must be method references or lambdas that capture nothing to run on other
 * nodes (a capturing lambda works in one JVM). Stateful batch functions run on actor pools:
 * {@link #mapBatches(Class, ActorPoolOptions)}.
 */
public final class Dataset {
    private final Plan plan;
    /** The stats of this dataset's last execution (Ray's {@code stats()} shows the last one too). */
    private volatile dev.trellis.data.internal.exec.ExecutionStats lastStats;

    Dataset(Plan plan) {
        this.plan = plan;
    }

    /** Starts an execution of the plan, recording its stats as this dataset's last. */
    private BlockStream execute() {
        var stats = new dev.trellis.data.internal.exec.ExecutionStats();
        lastStats = stats;
        return Executor.consume(plan, stats);
    }

    /**
     * Per stage of the last execution of this dataset (not of datasets derived from it): tasks,
     * blocks, rows, bytes, wall time, and the tasks' wall and CPU time.
     */
    public DatasetStats stats() {
        var s = lastStats;
        return s == null ? new DatasetStats(List.of()) : s.snapshot();
    }

    private Dataset with(Op op) {
        return new Dataset(plan.with(op));
    }

    // ---- transforms

    /** Each row through {@code fn} (Ray's {@code map}). */
    public Dataset map(RowMapper fn) {
        return with(new Op.MapRows(PortableFn.of(fn, "map")));
    }

    /** The rows {@code fn} accepts. */
    public Dataset filter(RowPredicate fn) {
        return with(new Op.Filter(PortableFn.of(fn, "filter")));
    }

    /** Each row to any number of rows. */
    public Dataset flatMap(RowFlatMapper fn) {
        return with(new Op.FlatMap(PortableFn.of(fn, "flatMap")));
    }

    /** Each block through {@code fn} as one batch (Ray's {@code map_batches} with a function). */
    public Dataset mapBatches(BatchMapper fn) {
        return mapBatches(fn, 0);
    }

    /** Batches of at most {@code batchSize} rows through {@code fn}. */
    public Dataset mapBatches(BatchMapper fn, int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be 0 (whole blocks) or more, was " + batchSize);
        }
        return with(new Op.MapBatches(PortableFn.of(fn, "mapBatches"), batchSize));
    }

    /**
     * Batches through a stateful {@link BatchMapper} class on a pool of actors (Ray's
     * {@code map_batches(Class, concurrency=...)}): each actor builds the class once with
     * {@code options.constructorArgs()}, then applies it to the blocks it is sent.
     */
    public Dataset mapBatches(Class<? extends BatchMapper> type, ActorPoolOptions options) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        if (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(type.getName() + " must be a concrete class with a public constructor");
        }
        return with(new Op.ActorMap(type.getName(), options.constructorArgs(), options.minActors(), options.maxActors(),
                options.batchSize(), options.numCpus(), options.numGpus(), options.maxInFlightPerActor()));
    }

    /** A column {@code fn} computes from each batch (replaced if it exists). */
    public Dataset addColumn(String name, ColumnFunction fn) {
        Objects.requireNonNull(name, "name");
        return with(new Op.AddColumn(name, PortableFn.of(fn, "addColumn(" + name + ")")));
    }

    public Dataset dropColumns(String... names) {
        return with(new Op.DropColumns(List.of(names)));
    }

    public Dataset selectColumns(String... names) {
        return with(new Op.SelectColumns(List.of(names)));
    }

    /** Columns renamed, old name to new name. */
    public Dataset renameColumns(Map<String, String> names) {
        return with(new Op.RenameColumns(Map.copyOf(names)));
    }

    /** The first {@code rows} rows; no more is read than needed. */
    public Dataset limit(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("limit must be 0 or more, was " + rows);
        }
        return with(new Op.Limit(rows));
    }

    /** This dataset's rows, then each of {@code others}'. */
    public Dataset union(Dataset... others) {
        var plans = new ArrayList<Plan>(List.of(plan));
        Arrays.stream(others).forEach(d -> plans.add(d.plan));
        return new Dataset(new Plan(new Plan.Union(plans), List.of()));
    }

    /**
     * The files read in a random order (Ray's {@code shuffle="files"} on a read): no data moves,
     * only the read tasks are permuted. Only right after a read ({@code Data.readParquet(...)}).
     */
    public Dataset shuffleFiles(long seed) {
        if (!(plan.source() instanceof Plan.Reads reads) || !plan.ops().isEmpty()) {
            throw new IllegalStateException("shuffleFiles applies to a dataset just read from files, not to "
                    + plan.describe());
        }
        var shuffled = new ArrayList<>(reads.reads());
        java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
        return new Dataset(new Plan(new Plan.Reads(shuffled), List.of()));
    }

    /**
     * This dataset's columns and {@code other}'s side by side, row by row (Ray's {@code zip}); both
     * must have the same number of rows. A column name both have gets {@code _1} on {@code other}'s side.
     */
    public Dataset zip(Dataset other) {
        List<BlockRef> left = blocks();
        List<BlockRef> right = other.blocks();
        long leftRows = left.stream().mapToLong(BlockRef::rows).sum();
        long rightRows = right.stream().mapToLong(BlockRef::rows).sum();
        if (leftRows != rightRows) {
            throw new DataException("zip needs datasets of the same number of rows, got " + leftRows + " and "
                    + rightRows);
        }
        int n = (int) Math.max(1, left.stream().filter(b -> b.rows() > 0).count());
        List<BlockRef> a = new Dataset(new Plan(new Plan.Stored(left), List.of())).repartition(n).blocks();
        List<BlockRef> b = new Dataset(new Plan(new Plan.Stored(right), List.of())).repartition(n).blocks();
        var zipped = new ArrayList<BlockRef>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            zipped.addAll(Execution.get(Trellis.task(DataTasks::zip, a.get(i).ref(), b.get(i).ref()).remote()).list());
        }
        return new Dataset(new Plan(new Plan.Stored(zipped), List.of()));
    }

    /** The blocks in a random order (rows inside a block keep theirs); cheap. */
    public Dataset randomizeBlockOrder(long seed) {
        return with(new Op.AllToAll(Op.AllToAll.Kind.RANDOMIZE_BLOCK_ORDER, List.of(), false, seed, 0, null));
    }

    /** Every row to a random place (a map/reduce over tasks), reproducible for a seed. */
    public Dataset randomShuffle(long seed) {
        return with(new Op.AllToAll(Op.AllToAll.Kind.RANDOM_SHUFFLE, List.of(), false, seed, 0, null));
    }

    public Dataset randomShuffle() {
        return randomShuffle(new java.util.Random().nextLong());
    }

    /** Sorted by column {@code key} (nulls first ascending, last descending). */
    public Dataset sort(String key, boolean descending) {
        return with(new Op.AllToAll(Op.AllToAll.Kind.SORT, List.of(key), descending, 0, 0, null));
    }

    public Dataset sort(String key) {
        return sort(key, false);
    }

    /** The rows in {@code blocks} blocks of equal size, in order. */
    public Dataset repartition(int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("repartition needs at least 1 block, was " + blocks);
        }
        return with(new Op.AllToAll(Op.AllToAll.Kind.REPARTITION, List.of(), false, 0, blocks, null));
    }

    /** Rows grouped by the values of {@code keys}. */
    public GroupedData groupBy(String... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("groupBy needs at least one key column");
        }
        return new GroupedData(this, List.of(keys));
    }

    Dataset withOp(Op op) {
        return with(op);
    }

    // ---- consuming

    /** Runs the plan and keeps its blocks in the object store: consuming the result reads no file again. */
    public Dataset materialize() {
        return new Dataset(new Plan(new Plan.Stored(Executor.drain(execute())), List.of()));
    }

    /** The number of rows (blocks are counted where they are, not fetched). */
    public long count() {
        return blocks().stream().mapToLong(BlockRef::rows).sum();
    }

    /** Aggregates over all rows, as one row (a column per aggregate, named by it). */
    public Row aggregate(Aggregate... aggregates) {
        if (aggregates.length == 0) {
            throw new IllegalArgumentException("aggregate needs at least one aggregate");
        }
        List<Aggregate> aggs = List.of(aggregates);
        List<BlockRef> blocks = blocks();
        var partials = new ArrayList<ObjectRef<dev.trellis.data.internal.exec.AggregateSpec.Partials>>();
        for (BlockRef b : blocks) {
            if (b.rows() > 0) {
                partials.add(Trellis.task(DataTasks::accumulate, b.ref(), new dev.trellis.data.internal.exec.AggregateSpec.Aggregates(aggs)).remote());
            }
        }
        if (partials.isEmpty()) {
            Schema schema = blocks.isEmpty() ? new Schema(List.of()) : blocks.getFirst().schema();
            return dev.trellis.data.internal.ops.Aggregation.global(List.of(), schema, aggs).row(0);
        }
        var got = new ArrayList<List<dev.trellis.data.internal.ops.Accumulator>>();
        partials.forEach(p -> got.add(Execution.get(p).list()));
        return dev.trellis.data.internal.ops.Aggregation.result(
                dev.trellis.data.internal.ops.Aggregation.mergeAccumulators(got)).row(0);
    }

    /** The sum of column {@code column}'s non-null values (null if there are none). */
    public Object sum(String column) {
        return aggregate(Aggregate.sum(column)).get("sum(" + column + ")");
    }

    public Object min(String column) {
        return aggregate(Aggregate.min(column)).get("min(" + column + ")");
    }

    public Object max(String column) {
        return aggregate(Aggregate.max(column)).get("max(" + column + ")");
    }

    /** The mean of the non-null values (null if there are none). */
    public Double mean(String column) {
        return (Double) aggregate(Aggregate.mean(column)).get("mean(" + column + ")");
    }

    /** The sample standard deviation (ddof 1) of the non-null values. */
    public Double std(String column) {
        return (Double) aggregate(Aggregate.std(column)).get("std(" + column + ")");
    }

    /** The schema of the first block (running the plan until one exists). */
    public Schema schema() {
        try (BlockStream stream = execute()) {
            Schema first = null;
            for (BlockRef b = stream.next(); b != null; b = stream.next()) {
                if (b.rows() > 0) {
                    return b.schema();
                }
                first = first == null ? b.schema() : first;
            }
            return first == null ? new Schema(List.of()) : first;
        }
    }

    /** The first {@code n} rows. */
    public List<Row> take(int n) {
        var out = new ArrayList<Row>();
        for (Batch b : limit(n).iterBatches(0)) {
            out.addAll(b.rows());
        }
        return out;
    }

    /** The first {@code n} rows as one batch. */
    public Batch takeBatch(int n) {
        var batches = new ArrayList<Batch>();
        for (Batch b : limit(n).iterBatches(0)) {
            batches.add(b);
        }
        return joined(batches);
    }

    /** Every row. */
    public List<Row> takeAll() {
        var out = new ArrayList<Row>();
        for (Batch b : iterBatches(0)) {
            out.addAll(b.rows());
        }
        return out;
    }

    /** Prints the first {@code n} rows, one per line. */
    public void show(int n) {
        take(n).forEach(System.out::println);
    }

    /**
     * The rows in batches of exactly {@code batchSize} (the last may be smaller); 0 gives the
     * blocks as they are. Each iteration runs the plan; blocks are fetched as iteration reaches them.
     */
    public Iterable<Batch> iterBatches(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be 0 (blocks as they are) or more, was " + batchSize);
        }
        return () -> {
            BlockStream stream = execute();
            return new dev.trellis.data.internal.exec.Rebatch(() -> {
                BlockRef b = stream.next();
                if (b == null) {
                    stream.close();
                    return null;
                }
                return Execution.get(b.ref());
            }, batchSize);
        };
    }

    /** The rows, one by one. */
    public Iterable<Row> iterRows() {
        return () -> dev.trellis.data.internal.exec.Rebatch.rows(iterBatches(0).iterator());
    }

    /** Writes each block as a Parquet file {@code part-NNNNN.parquet} under {@code directory}; returns the files. */
    public List<String> writeParquet(String directory) {
        return write(directory, FileFormat.PARQUET);
    }

    public List<String> writeCsv(String directory) {
        return write(directory, FileFormat.CSV);
    }

    /** JSON lines files. */
    public List<String> writeJson(String directory) {
        return write(directory, FileFormat.JSON);
    }

    private List<String> write(String directory, FileFormat format) {
        String dir = java.nio.file.Path.of(directory).toAbsolutePath().toString();
        int window = Execution.defaultWindow();
        var running = new ArrayDeque<ObjectRef<String>>();
        var files = new ArrayList<String>();
        int index = 0;
        try (BlockStream stream = execute()) {
            for (BlockRef b = stream.next(); b != null; b = stream.next()) {
                if (b.rows() == 0) {
                    continue;
                }
                if (running.size() >= window) {
                    files.add(Execution.get(running.poll()));
                }
                String stem = String.format("part-%05d", index++);
                running.add(Trellis.task(DataTasks::write, b.ref(), dir, stem, format.name()).remote());
            }
        }
        while (!running.isEmpty()) {
            files.add(Execution.get(running.poll()));
        }
        return files;
    }

    /**
     * {@code n} iterators over one shared execution of this dataset (Ray's {@code streaming_split},
     * {@code equal=False}): blocks go to whichever consumer asks next, so every row reaches exactly
     * one consumer per epoch, fast consumers taking more. The iterators can be handed to tasks and
     * actors on other nodes (Train workers). The execution runs in a coordinator actor, on this node when it can host one.
     */
    public List<DataIterator> streamingSplit(int n) {
        return streamingSplit(n, false);
    }

    /**
     * As {@link #streamingSplit(int)}; with {@code equal}, every consumer gets the same number of
     * rows per epoch, give or take one, in order (Ray's {@code equal=True}, which Train's workers
     * need so that none waits for the others). An equal split runs each epoch to the end
     * before handing anything out.
     */
    public List<DataIterator> streamingSplit(int n, boolean equal) {
        if (n < 1) {
            throw new IllegalArgumentException("streamingSplit needs n >= 1, was " + n);
        }
        var here = dev.trellis.core.SchedulingStrategy.nodeAffinity(Trellis.nodeId(), true);
        dev.trellis.core.ActorHandle<dev.trellis.data.internal.exec.SplitCoordinator> coordinator = Trellis.actor(
                dev.trellis.data.internal.exec.SplitCoordinator::new, plan, n, equal)
                .options(o -> o.numCpus(0).schedulingStrategy(here)).remote();
        var out = new ArrayList<DataIterator>();
        for (int i = 0; i < n; i++) {
            out.add(new DataIterator(coordinator, i, 0));
        }
        return out;
    }

    /** {@code n} datasets of (nearly) equal rows, in order (for {@code n} consumers). */
    public List<Dataset> split(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("split needs n >= 1, was " + n);
        }
        List<BlockRef> parts = repartition(n).blocks();
        var out = new ArrayList<Dataset>();
        for (int i = 0; i < n; i++) {
            out.add(new Dataset(new Plan(new Plan.Stored(i < parts.size() ? List.of(parts.get(i)) : List.of()),
                    List.of())));
        }
        return out;
    }

    /**
     * A train and a test dataset, the test one holding {@code testSize} (a fraction) of the rows
     * rounded down, taken from the end (Ray's {@code train_test_split}); shuffled first when
     * {@code shuffle}, with {@code seed}.
     */
    public List<Dataset> trainTestSplit(double testSize, boolean shuffle, long seed) {
        if (!(testSize > 0 && testSize < 1)) {
            throw new IllegalArgumentException("testSize must be a fraction between 0 and 1, was " + testSize);
        }
        List<BlockRef> blocks = (shuffle ? randomShuffle(seed) : this).blocks();
        long total = blocks.stream().mapToLong(BlockRef::rows).sum();
        long at = total - (long) (total * testSize);
        var train = new ArrayList<BlockRef>();
        var test = new ArrayList<BlockRef>();
        long offset = 0;
        for (BlockRef b : blocks) {
            long end = offset + b.rows();
            if (end <= at) {
                train.add(b);
            } else if (offset >= at) {
                test.add(b);
            } else {
                int cut = (int) (at - offset);
                train.addAll(Execution.get(Trellis.task(DataTasks::slice, b.ref(), 0, cut).remote()).list());
                test.addAll(Execution.get(Trellis.task(DataTasks::slice, b.ref(), cut, b.rows()).remote()).list());
            }
            offset = end;
        }
        return List.of(new Dataset(new Plan(new Plan.Stored(train), List.of())),
                new Dataset(new Plan(new Plan.Stored(test), List.of())));
    }

    public List<Dataset> trainTestSplit(double testSize) {
        return trainTestSplit(testSize, false, 0);
    }

    /** Every block of the executed plan (for the aggregates). */
    List<BlockRef> blocks() {
        return Executor.drain(execute());
    }

    Plan plan() {
        return plan;
    }

    private static Batch joined(List<Batch> batches) {
        List<Batch> nonEmpty = batches.stream().filter(b -> b.numRows() > 0).toList();
        if (nonEmpty.isEmpty()) {
            return batches.isEmpty() ? Batch.empty(new Schema(List.of())) : batches.getFirst();
        }
        return Batch.concat(nonEmpty, null);
    }

    /** The plan, as Ray logs it. */
    @Override
    public String toString() {
        return "Dataset(" + plan.describe() + ")";
    }
}
