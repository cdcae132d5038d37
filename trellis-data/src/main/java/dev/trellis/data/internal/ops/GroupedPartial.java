package dev.trellis.data.internal.ops;

import dev.trellis.data.Aggregate;
import dev.trellis.data.Batch;
import java.util.List;
import java.util.Objects;

/**
 * Partial grouped aggregation states of some rows, a plain value that crosses nodes: one row of
 * {@code keys} per distinct key seen (in no particular order, each key once), and per aggregate
 * its {@link AggStates}, group {@code g} being key row {@code g}. Made by
 * {@link Aggregation#partial}, merged by {@link Aggregation#merge}, finished by
 * {@link Aggregation#finish}.
 *
 * @param keys   the distinct keys, one column per key column
 * @param states per aggregate, in order, the states of each key row
 */
public record GroupedPartial(Batch keys, List<AggStates> states) {

    /** Checks every aggregate has one state per key row. */
    public GroupedPartial {
        Objects.requireNonNull(keys, "keys");
        states = List.copyOf(states);
        for (AggStates s : states) {
            if (s.size() != keys.numRows()) {
                throw new IllegalArgumentException(s.aggregate().name() + ": " + s.size() + " states for "
                        + keys.numRows() + " keys");
            }
        }
    }

    /** The number of distinct keys. */
    public int groups() {
        return keys.numRows();
    }

    /** The aggregates, in order. */
    public List<Aggregate> aggregates() {
        return states.stream().map(AggStates::aggregate).toList();
    }
}
