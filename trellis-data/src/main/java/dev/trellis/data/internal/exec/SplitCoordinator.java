package dev.trellis.data.internal.exec;

import dev.trellis.data.internal.plan.Plan;
import java.util.Arrays;

/**
 * The actor behind {@code streamingSplit(n)} (Ray's {@code SplitCoordinator}): it runs one
 * execution of the plan per epoch and hands its blocks to whichever of the {@code n} consumers
 * asks next, so a fast consumer takes more (Ray's {@code equal=False}); with {@code equal} it
 * first runs the whole epoch, then gives each consumer the same number of rows, give or take one,
 * in order, cutting the blocks at the shares' edges. A consumer that asks for
 * the next epoch before every consumer has finished this one is told to wait; the first request
 * of an epoch after all have finished starts it.
 */
public final class SplitCoordinator {
    private final Plan plan;
    private final int consumers;
    private final boolean equal;
    private final boolean[] finished;
    private int epoch;
    private BlockStream stream;
    /** With {@code equal}: per consumer, the blocks of its share in this epoch, cut to equal row counts. */
    private java.util.List<java.util.ArrayDeque<BlockRef>> shares;

    /** What a consumer gets: a block, the end of its epoch, or "ask again" (the others have not finished). */
    public record Next(BlockRef block, boolean end, boolean retry) {
    }

    public SplitCoordinator(Plan plan, Integer consumers, Boolean equal) {
        this.plan = plan;
        this.consumers = consumers;
        this.equal = equal;
        this.finished = new boolean[consumers];
    }

    /**
     * Every consumer's share of {@code blocks}: rows {@code [total * i / n, total * (i + 1) / n)} to
     * consumer {@code i}, blocks that straddle two shares cut by slice tasks.
     */
    private java.util.List<java.util.ArrayDeque<BlockRef>> equalShares(java.util.List<BlockRef> blocks) {
        long total = blocks.stream().mapToLong(BlockRef::rows).sum();
        var out = new java.util.ArrayList<java.util.ArrayDeque<BlockRef>>();
        for (int i = 0; i < consumers; i++) {
            out.add(new java.util.ArrayDeque<>());
        }
        long offset = 0;
        for (BlockRef b : blocks) {
            long from = offset;
            long to = offset + b.rows();
            for (int i = 0; i < consumers; i++) {
                long shareFrom = total * i / consumers;
                long shareTo = total * (i + 1) / consumers;
                long a = Math.max(from, shareFrom);
                long z = Math.min(to, shareTo);
                if (z <= a) {
                    continue;
                }
                if (a == from && z == to) {
                    out.get(i).add(b);
                } else {
                    out.get(i).addAll(Execution.get(dev.trellis.core.Trellis.task(DataTasks::slice, b.ref(),
                            (int) (a - from), (int) (z - from)).remote()).list());
                }
            }
            offset = to;
        }
        return out;
    }

    /** The next block for consumer {@code index} in its epoch {@code wanted} (0, 1, ...). */
    public synchronized Next next(Integer index, Integer wanted) {
        if (index < 0 || index >= consumers) {
            throw new IllegalArgumentException("split index " + index + " is not in [0, " + consumers + ")");
        }
        if (wanted > epoch) {
            boolean all = true;
            for (boolean f : finished) {
                all &= f;
            }
            if (!all || wanted > epoch + 1) {
                return new Next(null, false, true);
            }
            epoch++;
            Arrays.fill(finished, false);
            stream = null;
            shares = null;
        }
        if (wanted < epoch || finished[index]) {
            return new Next(null, true, false);
        }
        if (equal) {
            if (shares == null) {
                shares = equalShares(Executor.drain(Executor.stream(plan)));
            }
            BlockRef b = shares.get(index).poll();
            if (b == null) {
                finished[index] = true;
                return new Next(null, true, false);
            }
            return new Next(b, false, false);
        }
        if (stream == null) {
            stream = Executor.stream(plan);
        }
        BlockRef b = stream.next();
        while (b != null && b.rows() == 0) {
            b = stream.next();
        }
        if (b == null) {
            stream.close(); // an actor pool in the plan stops now, not when its handles are collected
            finished[index] = true;
            return new Next(null, true, false);
        }
        return new Next(b, false, false);
    }
}
