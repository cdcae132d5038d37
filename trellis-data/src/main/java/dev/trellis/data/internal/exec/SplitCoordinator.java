package dev.trellis.data.internal.exec;

import dev.trellis.data.internal.plan.Plan;
import java.util.Arrays;

/**
 * The actor behind {@code streamingSplit(n)} (Ray's {@code SplitCoordinator}): it runs one
 * execution of the plan per epoch and hands its blocks to whichever of the {@code n} consumers
 * asks next, so a fast consumer takes more (Ray's {@code equal=False}). A consumer that asks for
 * the next epoch before every consumer has finished this one is told to wait; the first request
 * of an epoch after all have finished starts it.
 */
public final class SplitCoordinator {
    private final Plan plan;
    private final int consumers;
    private final boolean[] finished;
    private int epoch;
    private BlockStream stream;

    /** What a consumer gets: a block, the end of its epoch, or "ask again" (the others have not finished). */
    public record Next(BlockRef block, boolean end, boolean retry) {
    }

    public SplitCoordinator(Plan plan, Integer consumers) {
        this.plan = plan;
        this.consumers = consumers;
        this.finished = new boolean[consumers];
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
        }
        if (wanted < epoch || finished[index]) {
            return new Next(null, true, false);
        }
        if (stream == null) {
            stream = Executor.stream(plan);
        }
        BlockRef b = stream.next();
        while (b != null && b.rows() == 0) {
            b = stream.next();
        }
        if (b == null) {
            finished[index] = true;
            return new Next(null, true, false);
        }
        return new Next(b, false, false);
    }
}
