package dev.trellis.data.internal.exec;

import dev.trellis.core.ObjectRef;
import dev.trellis.core.Trellis;
import dev.trellis.data.internal.plan.Op;
import dev.trellis.data.internal.plan.Plan;
import dev.trellis.data.internal.plan.ReadSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a plan into a chain of streaming stages (Ray's streaming executor): the per-batch
 * operators after the source run fused inside the read tasks; each actor-pool map, limit and
 * all-to-all operator is a stage of its own; per-batch operators after one of those run as map
 * tasks over its blocks. Blocks flow as refs; only the consumer fetches them.
 */
public final class Executor {
    private Executor() {
    }

    /** Starts executing {@code plan}; the stream's consumer drives it. */
    public static BlockStream stream(Plan plan) {
        return stream(plan, new ExecutionStats());
    }

    /**
     * Starts executing {@code plan} for a consumer, counting each stage's work in {@code stats}
     * and showing its progress ({@link dev.trellis.data.DataContext#progressBars}).
     */
    public static BlockStream consume(Plan plan, ExecutionStats stats) {
        return new Progress(stream(plan, stats), stats, dev.trellis.data.DataContext.current().progressBars());
    }

    /** Starts executing {@code plan}, counting each stage's work in {@code stats}. */
    public static BlockStream stream(Plan plan, ExecutionStats stats) {
        int window = Execution.defaultWindow();
        List<Op> ops = plan.ops();
        int i = 0;
        var fused = new ArrayList<Op>();
        while (i < ops.size() && ops.get(i).perBatch()) {
            fused.add(ops.get(i++));
        }
        BlockStream stream = source(plan.source(), List.copyOf(fused), window, stats);
        while (i < ops.size()) {
            Op op = ops.get(i++);
            switch (op) {
                case Op.ActorMap a -> stream = new ActorStage(stream, a, stats.stage(a.describe()));
                case Op.Limit l -> stream = new LimitStage(stream, l.rows());
                case Op.AllToAll a -> stream = new AllToAllStage(stream, a, window, stats.stage(a.describe()));
                default -> {
                    var chain = new ArrayList<Op>(List.of(op));
                    while (i < ops.size() && ops.get(i).perBatch()) {
                        chain.add(ops.get(i++));
                    }
                    stream = mapTasks(stream, List.copyOf(chain), window, stats);
                }
            }
        }
        return stream;
    }

    private static String names(String first, List<Op> ops) {
        var sb = new StringBuilder(first);
        ops.forEach(op -> sb.append(sb.isEmpty() ? "" : "->").append(op.describe()));
        return sb.toString();
    }

    private static BlockStream source(Plan.Source source, List<Op> fused, int window, ExecutionStats stats) {
        return switch (source) {
            case Plan.Reads r -> {
                Iterator<ReadSpec> specs = r.reads().iterator();
                Iterator<Supplier<ObjectRef<Blocks>>> launches = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return specs.hasNext();
                    }

                    @Override
                    public Supplier<ObjectRef<Blocks>> next() {
                        ReadSpec spec = specs.next();
                        return () -> Trellis.task(DataTasks::read, spec, new OpChain(fused)).options(o -> o.maxRetries(3)).remote();
                    }
                };
                yield new TaskStage(launches, window, () -> { }, stats.stage(names("Read", fused)));
            }
            case Plan.Union u -> {
                BlockStream chained = new Chained(u.plans().stream().map(p -> (Supplier<BlockStream>) () -> stream(p, stats))
                        .toList());
                yield fused.isEmpty() ? chained : mapTasks(chained, fused, window, stats);
            }
            case Plan.Stored s -> {
                BlockStream stored = new Stored(s.blocks());
                yield fused.isEmpty() ? stored : mapTasks(stored, fused, window, stats);
            }
        };
    }

    /** Map tasks applying {@code chain} to each block of {@code input}. */
    static BlockStream mapTasks(BlockStream input, List<Op> chain, int window, ExecutionStats stats) {
        int[] index = {0};
        Iterator<Supplier<ObjectRef<Blocks>>> launches = new Iterator<>() {
            private BlockRef peeked;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (peeked == null && !done) {
                    peeked = input.next();
                    done = peeked == null;
                }
                return peeked != null;
            }

            @Override
            public Supplier<ObjectRef<Blocks>> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                BlockRef block = peeked;
                peeked = null;
                String where = "block " + index[0]++;
                return () -> Trellis.task(DataTasks::transform, block.ref(), new OpChain(chain), where).options(o -> o.maxRetries(3))
                        .remote();
            }
        };
        return new TaskStage(launches, window, input::close, stats.stage(names("", chain)));
    }

    /** Blocks already stored, in order. */
    private static final class Stored implements BlockStream {
        private final Iterator<BlockRef> blocks;

        Stored(List<BlockRef> blocks) {
            this.blocks = blocks.iterator();
        }

        @Override
        public BlockRef next() {
            return blocks.hasNext() ? blocks.next() : null;
        }

        @Override
        public void close() {
        }
    }

    /** The streams of several plans, one after the other (each started when the one before ends). */
    private static final class Chained implements BlockStream {
        private final Iterator<Supplier<BlockStream>> next;
        private BlockStream current;

        Chained(List<Supplier<BlockStream>> streams) {
            this.next = streams.iterator();
        }

        @Override
        public BlockRef next() {
            while (true) {
                if (current == null) {
                    if (!next.hasNext()) {
                        return null;
                    }
                    current = next.next().get();
                }
                BlockRef b = current.next();
                if (b != null) {
                    return b;
                }
                current.close();
                current = null;
            }
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
            }
        }
    }

    /** Every block of {@code stream}, then closes it. */
    public static List<BlockRef> drain(BlockStream stream) {
        try (stream) {
            var out = new ArrayList<BlockRef>();
            for (BlockRef b = stream.next(); b != null; b = stream.next()) {
                out.add(b);
            }
            return Collections.unmodifiableList(out);
        }
    }
}
