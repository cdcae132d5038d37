package dev.trellis.data.internal.exec;

import dev.trellis.core.ObjectRef;
import dev.trellis.core.Trellis;
import dev.trellis.data.Batch;
import dev.trellis.data.internal.ops.Partitioner;
import dev.trellis.data.internal.plan.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * An operator that needs all of its input first (a barrier): it drains its input, then runs a
 * map/reduce over Core tasks, never through the driver: each map task cuts one block into
 * {@code n} pieces (by random draw, key range, key hash or row position) and keeps them where it
 * ran; each reduce task gets piece {@code j} of every block (as refs inside its argument, fetched
 * where it runs) and combines them (shuffles, sorts, groups, concatenates).
 * {@code randomizeBlockOrder} only permutes the block refs.
 */
final class AllToAllStage implements BlockStream {
    private final BlockStream input;
    private final Op.AllToAll op;
    private final int window;
    private final StageStats stats;
    private ArrayDeque<BlockRef> output;

    AllToAllStage(BlockStream input, Op.AllToAll op, int window, StageStats stats) {
        this.input = input;
        this.stats = stats;
        this.op = op;
        this.window = window;
    }

    @Override
    public BlockRef next() {
        if (output == null) {
            output = new ArrayDeque<>(run(Executor.drain(input)));
        }
        return output.poll();
    }

    private List<BlockRef> run(List<BlockRef> blocks) {
        List<BlockRef> in = blocks.stream().filter(b -> b.rows() > 0).toList();
        if (in.isEmpty()) {
            return blocks.isEmpty() ? List.of() : List.of(blocks.getFirst());
        }
        if (op.kind() == Op.AllToAll.Kind.RANDOMIZE_BLOCK_ORDER) {
            var shuffled = new ArrayList<>(in);
            Collections.shuffle(shuffled, new Random(op.seed()));
            return shuffled;
        }
        int n = op.partitions() > 0 ? op.partitions() : in.size();
        Batch boundaries = op.kind() == Op.AllToAll.Kind.SORT ? boundaries(in, n) : null;
        int[][] cuts = op.kind() == Op.AllToAll.Kind.REPARTITION ? cuts(in, n) : null;
        // Map: every block cut into n pieces, where it is.
        var maps = new ArrayList<ObjectRef<Blocks>>();
        for (int i = 0; i < in.size(); i++) {
            int index = i;
            int[] sizes = cuts == null ? null : cuts[i];
            stats.started();
            maps.add(Trellis.task(DataTasks::shuffleMap, in.get(i).ref(), new ShuffleSpec(op, n, index, boundaries, sizes))
                    .options(o -> o.maxRetries(3)).remote());
        }
        var pieces = new ArrayList<List<BlockRef>>();
        for (ObjectRef<Blocks> m : maps) {
            Blocks done = Execution.get(m);
            stats.finished(new Blocks(List.of(), done.wallNanos(), done.cpuNanos()));
            pieces.add(done.list());
        }
        // Reduce: piece j of every block, combined, at most `window` at a time.
        var out = new ArrayList<BlockRef>();
        var running = new ArrayDeque<ObjectRef<Blocks>>();
        for (int j = 0; j < n; j++) {
            var parts = new ArrayList<ObjectRef<Batch>>();
            for (List<BlockRef> p : pieces) {
                if (p.get(j).rows() > 0) {
                    parts.add(p.get(j).ref());
                }
            }
            if (parts.isEmpty()) {
                continue;
            }
            if (running.size() >= window) {
                out.addAll(reduced(running.poll()));
            }
            stats.started();
            running.add(Trellis.task(DataTasks::shuffleReduce, new ShuffleInput(parts), new ShuffleSpec(op, n, j, null, null))
                    .options(o -> o.maxRetries(3)).remote());
        }
        while (!running.isEmpty()) {
            out.addAll(reduced(running.poll()));
        }
        return out;
    }

    private List<BlockRef> reduced(ObjectRef<Blocks> reduce) {
        Blocks done = Execution.get(reduce);
        stats.finished(done);
        return done.list();
    }

    /** The sort's n-1 split points, from a sample of every block's keys. */
    private Batch boundaries(List<BlockRef> in, int n) {
        var samples = new ArrayList<ObjectRef<Batch>>();
        for (BlockRef b : in) {
            samples.add(Trellis.task(DataTasks::sampleKeys, b.ref(), op.keys().getFirst(), 64 + 8 * n).remote());
        }
        var got = new ArrayList<Batch>();
        samples.forEach(s -> got.add(Execution.get(s)));
        return Partitioner.sampleBoundaries(got, op.keys().getFirst(), op.descending(), n);
    }

    /** For repartition: how many rows of each block go to each of the n partitions (equal shares, in order). */
    private static int[][] cuts(List<BlockRef> in, int n) {
        long total = in.stream().mapToLong(BlockRef::rows).sum();
        int[][] out = new int[in.size()][n];
        long offset = 0;
        for (int i = 0; i < in.size(); i++) {
            long from = offset;
            long to = offset + in.get(i).rows();
            for (int j = 0; j < n; j++) {
                long pFrom = total * j / n;
                long pTo = total * (j + 1) / n;
                out[i][j] = (int) Math.max(0, Math.min(to, pTo) - Math.max(from, pFrom));
            }
            offset = to;
        }
        return out;
    }

    @Override
    public void close() {
        input.close();
        if (output != null) {
            output.clear();
        }
    }
}
