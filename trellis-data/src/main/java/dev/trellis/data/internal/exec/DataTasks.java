package dev.trellis.data.internal.exec;

import dev.trellis.core.ObjectRef;
import dev.trellis.data.Batch;
import dev.trellis.data.GroupMapper;
import dev.trellis.data.internal.ops.Groups;
import dev.trellis.data.internal.ops.Partitioner;
import dev.trellis.data.internal.ops.Sorter;
import dev.trellis.data.internal.io.FileFormat;
import dev.trellis.data.internal.io.FileReader;
import dev.trellis.data.internal.plan.Op;
import dev.trellis.data.internal.plan.ReadSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bodies of Data's Core tasks (static, so any node can run them by name). Each returns the
 * blocks it made as {@link BlockRef}s: the blocks stay in the object store of the node that ran
 * it, and only their refs and sizes travel.
 */
public final class DataTasks {
    private DataTasks() {
    }

    /** Reads what {@code spec} names, batch by batch, applying {@code ops} to each. */
    public static Blocks read(ReadSpec spec, OpChain chain) {
        return Blocks.timed(() -> readBlocks(spec, chain.ops()));
    }

    private static List<BlockRef> readBlocks(ReadSpec spec, List<Op> ops) {
        var out = new ArrayList<BlockRef>();
        switch (spec) {
            case ReadSpec.RangeRead r -> {
                for (long from = r.from(); from < r.to(); from += r.batchRows()) {
                    int n = (int) Math.min(r.batchRows(), r.to() - from);
                    long[] ids = new long[n];
                    for (int i = 0; i < n; i++) {
                        ids[i] = from + i;
                    }
                    out.add(BlockRef.put(Transforms.apply(ops, Batch.of("id", ids), spec.describe())));
                }
            }
            case ReadSpec.FileRead f -> {
                FileFormat format = FileFormat.valueOf(f.format().toUpperCase(Locale.ROOT));
                try (var reader = FileReader.read(Path.of(f.path()), format, f.columns(), f.batchRows(), f.rowFrom(),
                        f.rowTo())) {
                    int index = 0;
                    while (reader.hasNext()) {
                        Batch b = reader.next();
                        String where = spec.describe() + " (batch " + index++ + ")";
                        out.add(BlockRef.put(Transforms.apply(ops, b, where)));
                    }
                }
                if (out.isEmpty()) {
                    out.add(BlockRef.put(Transforms.apply(ops, Batch.empty(FileReader.schema(Path.of(f.path()), format)),
                            spec.describe())));
                }
            }
            case ReadSpec.ImageRead r -> out.add(BlockRef.put(Transforms.apply(ops, dev.trellis.data.internal.io.ImageFiles
                    .readImages(r.paths(), r.width(), r.height(), r.mode(), r.includePaths()), spec.describe())));
            case ReadSpec.BinaryRead r -> out.add(BlockRef.put(Transforms.apply(ops, dev.trellis.data.internal.io.ImageFiles
                    .readBinaryFiles(r.paths(), r.includePaths()), spec.describe())));
            case ReadSpec.Blocks b -> {
                for (int i = 0; i < b.blocks().size(); i++) {
                    out.add(BlockRef.put(Transforms.apply(ops, b.blocks().get(i).get(), "block " + i)));
                }
            }
        }
        return out;
    }

    /** Applies {@code ops} to one block ({@code where} names it in errors). */
    public static Blocks transform(Batch block, OpChain chain, String where) {
        return Blocks.timed(() -> List.of(BlockRef.put(Transforms.apply(chain.ops(), block, where))));
    }

    /** Rows {@code from} to {@code to} of a block (for limits and splits). */
    public static Blocks slice(Batch block, int from, int to) {
        return Blocks.timed(() -> List.of(BlockRef.put(block.slice(from, to))));
    }

    /** Writes a block as one file {@code directory/stem.ext} in {@code format}; returns the file's path. */
    public static String write(Batch block, String directory, String stem, String format) {
        FileFormat f = FileFormat.valueOf(format.toUpperCase(Locale.ROOT));
        Path written = dev.trellis.data.internal.io.FileWriter.write(List.of(block), block.schema(), Path.of(directory),
                stem, f);
        return written.toString();
    }

    /** A sample of up to {@code count} rows of column {@code key} of a block (for a sort's split points). */
    public static Batch sampleKeys(Batch block, String key, int count) {
        Batch keys = block.selectColumns(List.of(key));
        if (keys.numRows() <= count) {
            return keys;
        }
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = (int) ((long) i * keys.numRows() / count);
        }
        return keys.take(rows);
    }

    /** The map side of an all-to-all operator: {@code block} cut into {@code spec.partitions()} pieces, stored here. */
    public static Blocks shuffleMap(Batch block, ShuffleSpec spec) {
        return Blocks.timed(() -> shuffleMapBlocks(block, spec));
    }

    private static List<BlockRef> shuffleMapBlocks(Batch block, ShuffleSpec spec) {
        Op.AllToAll op = spec.op();
        List<Batch> pieces = switch (op.kind()) {
            case RANDOM_SHUFFLE -> Partitioner.random(block, spec.partitions(), op.seed() * 31 + spec.index());
            case SORT -> Partitioner.byRange(block, op.keys().getFirst(), op.descending(), spec.boundaries());
            case MAP_GROUPS -> Partitioner.byHash(block, op.keys(), spec.partitions());
            case REPARTITION -> {
                var out = new ArrayList<Batch>();
                int at = 0;
                for (int size : spec.sizes()) {
                    out.add(block.slice(at, at + size));
                    at += size;
                }
                yield out;
            }
            case RANDOMIZE_BLOCK_ORDER -> throw new IllegalStateException("randomizeBlockOrder needs no tasks");
        };
        var refs = new ArrayList<BlockRef>(pieces.size());
        pieces.forEach(p -> refs.add(BlockRef.put(p)));
        return refs;
    }

    /** The reduce side: piece {@code spec.index()} of every block, combined into this partition's block(s). */
    public static Blocks shuffleReduce(ShuffleInput input, ShuffleSpec spec) {
        return Blocks.timed(() -> shuffleReduceBlocks(input.parts(), spec));
    }

    private static List<BlockRef> shuffleReduceBlocks(List<ObjectRef<Batch>> parts, ShuffleSpec spec) {
        var batches = new ArrayList<Batch>(parts.size());
        parts.forEach(p -> batches.add(p.get()));
        Batch all = Batches.concatNonEmpty(batches);
        Op.AllToAll op = spec.op();
        Batch out = switch (op.kind()) {
            case RANDOM_SHUFFLE -> Sorter.shuffleRows(all, op.seed() * 131 + spec.index());
            case SORT -> Sorter.sort(all, op.keys(), op.descending());
            case REPARTITION, RANDOMIZE_BLOCK_ORDER -> all;
            case MAP_GROUPS -> {
                var groups = Groups.split(Sorter.sort(all, op.keys(), false), op.keys());
                var results = new ArrayList<Batch>(groups.size());
                for (int g = 0; g < groups.size(); g++) {
                    Batch group = groups.get(g);
                    try {
                        results.add(Transforms.checkedBatch(op.fn().call(new Object[] {group},
                                (fn, a) -> ((GroupMapper) fn).apply((Batch) a[0]))));
                    } catch (Exception e) {
                        throw new DataTaskException(op.describe() + " failed on the group " + group.row(0)
                                .asMap().entrySet().stream().filter(en -> op.keys().contains(en.getKey())).toList()
                                + ": " + e, e);
                    }
                }
                yield Batches.concatNonEmpty(results);
            }
        };
        return List.of(BlockRef.put(out));
    }

    /** Partial states of {@code aggregates} over one block (merged by the caller). */
    public static AggregateSpec.Partials accumulate(Batch block, AggregateSpec.Aggregates aggregates) {
        return new AggregateSpec.Partials(dev.trellis.data.internal.ops.Aggregation.accumulate(block, aggregates.list()));
    }

    /** Partial states of {@code aggregates} per group of {@code keys} over one block. */
    public static dev.trellis.data.internal.ops.GroupedPartial groupPartial(Batch block, List<String> keys,
                                                                          AggregateSpec.Aggregates aggregates) {
        return dev.trellis.data.internal.ops.Aggregation.partial(block, keys, aggregates.list());
    }

    /** Two blocks of the same rows side by side; a name in both gets {@code _1} on the right. */
    public static Blocks zip(Batch left, Batch right) {
        if (left.numRows() != right.numRows()) {
            throw new IllegalStateException("zip got blocks of " + left.numRows() + " and " + right.numRows() + " rows");
        }
        var fields = new ArrayList<>(left.schema().fields());
        var names = new java.util.HashSet<>(left.columnNames());
        for (dev.trellis.data.Field f : right.schema().fields()) {
            String as = f.name();
            while (!names.add(as)) {
                as = as + "_1";
            }
            fields.add(new dev.trellis.data.Field(as, f.type()));
        }
        var columns = new ArrayList<>(left.columnData());
        columns.addAll(right.columnData());
        return new Blocks(List.of(BlockRef.put(Batch.ofColumns(new dev.trellis.data.Schema(fields), left.numRows(),
                columns))), 0, 0);
    }
}
