package dev.trellis.data.internal.exec;

import dev.trellis.data.Batch;
import dev.trellis.data.internal.plan.Op;

/**
 * What one map or reduce task of an all-to-all operator does: the operator, the number of
 * partitions, this task's index (which also varies the random seed), the sort's split points
 * and, for repartition, how many rows of the block go to each partition.
 */
public record ShuffleSpec(Op.AllToAll op, int partitions, int index, Batch boundaries, int[] sizes) {
}
