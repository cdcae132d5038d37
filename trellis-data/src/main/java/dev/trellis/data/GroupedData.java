package dev.trellis.data;

import dev.trellis.core.ObjectRef;
import dev.trellis.core.Trellis;
import dev.trellis.data.internal.exec.BlockRef;
import dev.trellis.data.internal.exec.DataTasks;
import dev.trellis.data.internal.exec.Execution;
import dev.trellis.data.internal.ops.Aggregation;
import dev.trellis.data.internal.ops.GroupedPartial;
import dev.trellis.data.internal.plan.Op;
import dev.trellis.data.internal.plan.PortableFn;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset grouped by key columns (Ray's {@code GroupedData}): aggregates per group (computed
 * as partial states next to each block, merged on the caller: a small value per group), or a
 * function per group ({@link #mapGroups}, a shuffle by key hash over tasks). Groups come out
 * sorted by key.
 */
public final class GroupedData {
    private final Dataset dataset;
    private final List<String> keys;

    GroupedData(Dataset dataset, List<String> keys) {
        this.dataset = dataset;
        this.keys = List.copyOf(keys);
    }

    /** One row per group: the keys, then a column per aggregate. */
    public Dataset aggregate(Aggregate... aggregates) {
        if (aggregates.length == 0) {
            throw new IllegalArgumentException("aggregate needs at least one aggregate");
        }
        List<Aggregate> aggs = List.of(aggregates);
        List<BlockRef> blocks = dataset.blocks();
        var partials = new ArrayList<ObjectRef<GroupedPartial>>();
        for (BlockRef b : blocks) {
            if (b.rows() > 0) {
                partials.add(Trellis.task(DataTasks::groupPartial, b.ref(), keys,
                        new dev.trellis.data.internal.exec.AggregateSpec.Aggregates(aggs)).remote());
            }
        }
        if (partials.isEmpty()) {
            Schema schema = blocks.isEmpty() ? null : blocks.getFirst().schema();
            if (schema == null || schema.size() == 0) {
                throw new DataException("cannot aggregate an empty dataset by " + keys + ": it has no schema");
            }
            return Data.fromBatches(List.of(Aggregation.finish(Aggregation.partial(Batch.empty(schema), keys, aggs))));
        }
        var got = new ArrayList<GroupedPartial>();
        partials.forEach(p -> got.add(Execution.get(p)));
        return Data.fromBatches(List.of(Aggregation.finish(Aggregation.merge(got))));
    }

    /** Rows per group, in column {@code count()}. */
    public Dataset count() {
        return aggregate(Aggregate.count());
    }

    public Dataset sum(String column) {
        return aggregate(Aggregate.sum(column));
    }

    public Dataset min(String column) {
        return aggregate(Aggregate.min(column));
    }

    public Dataset max(String column) {
        return aggregate(Aggregate.max(column));
    }

    public Dataset mean(String column) {
        return aggregate(Aggregate.mean(column));
    }

    /** Sample standard deviation (ddof 1) per group. */
    public Dataset std(String column) {
        return aggregate(Aggregate.std(column));
    }

    /**
     * {@code fn} applied to each group's rows as one batch (Ray's {@code map_groups}): rows are
     * shuffled by key hash over tasks, so each group is whole in one task.
     */
    public Dataset mapGroups(GroupMapper fn) {
        return dataset.withOp(new Op.AllToAll(Op.AllToAll.Kind.MAP_GROUPS, keys, false, 0, 0,
                PortableFn.of(fn, "mapGroups")));
    }
}
