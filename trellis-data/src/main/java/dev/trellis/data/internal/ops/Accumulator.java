package dev.trellis.data.internal.ops;

import dev.trellis.data.Aggregate;
import dev.trellis.data.Batch;
import dev.trellis.data.ColumnType;
import dev.trellis.data.Schema;
import java.util.List;

/**
 * The partial state of one {@link Aggregate} over some rows: plain numbers (and a string for a
 * string min or max), immutable, so it crosses nodes as a value. Accumulate batches into it,
 * merge the states of other rows, and take the {@link #result()}; any order of accumulating and
 * merging gives the same result (up to floating point rounding: sums are compensated, means and
 * standard deviations follow Welford and Chan).
 *
 * @param aggregate   the function
 * @param input       the type of its input column; null for {@code count()}
 * @param count       the non-null values (for {@code count()}, the rows) seen
 * @param longValue   a long sum, min or max
 * @param doubleValue a double sum, min or max, or a mean
 * @param correction  a double sum's compensation, or a standard deviation's M2
 * @param stringValue a string min or max
 * @see AggStates the same states for many groups, column by column
 */
public record Accumulator(Aggregate aggregate, ColumnType input, long count, long longValue, double doubleValue,
                          double correction, String stringValue) {

    /** Checks the function takes the input type, and the state is one it can be in. */
    public Accumulator {
        AggStates s = toStates(aggregate, input, count, longValue, doubleValue, correction, stringValue);
        if (count < 0 || (count > 0 && s.strings() != null && stringValue == null)) {
            throw new IllegalArgumentException(aggregate.name() + ": no state has count " + count
                    + " and string " + stringValue);
        }
    }

    /**
     * The empty state of {@code aggregate} over rows of {@code schema}; fails, naming the column
     * and its type, when the function does not take that column.
     */
    public static Accumulator of(Aggregate aggregate, Schema schema) {
        return from(AggStates.empty(aggregate, schema, 1), 0);
    }

    /** The empty state of {@code aggregate} over a column of type {@code input} (null for {@code count()}). */
    public static Accumulator of(Aggregate aggregate, ColumnType input) {
        return from(AggStates.empty(aggregate, input, 1), 0);
    }

    /** Empty states of each of {@code aggregates} over rows of {@code schema}. */
    public static List<Accumulator> of(List<Aggregate> aggregates, Schema schema) {
        return aggregates.stream().map(a -> of(a, schema)).toList();
    }

    /** This state plus every row of {@code batch}. */
    public Accumulator accumulate(Batch batch) {
        return from(toStates().accumulate(batch, null, null, 1), 0);
    }

    /** This state plus rows {@code rows} of {@code batch}. */
    public Accumulator accumulate(Batch batch, int[] rows) {
        return from(toStates().accumulate(batch, rows, null, 1), 0);
    }

    /** This state merged with {@code other} (of the same function and input type). */
    public Accumulator merge(Accumulator other) {
        int[] zero = {0};
        return from(AggStates.combine(List.of(toStates(), other.toStates()), List.of(zero, zero), 1), 0);
    }

    /**
     * The result, boxed ({@code Long}, {@code Double} or {@code String}): null when no non-null
     * value was seen (a count is 0 then); a standard deviation of no more than {@code ddof}
     * values is NaN, as Ray's.
     */
    public Object result() {
        return toStates().result(0);
    }

    /** The type of {@link #result()}. */
    public ColumnType resultType() {
        return aggregate.resultType(input);
    }

    /** This state as one group's {@link AggStates}. */
    AggStates toStates() {
        return toStates(aggregate, input, count, longValue, doubleValue, correction, stringValue);
    }

    private static AggStates toStates(Aggregate aggregate, ColumnType input, long count, long longValue,
                                      double doubleValue, double correction, String stringValue) {
        AggStates s = AggStates.empty(aggregate, input, 1);
        s.counts()[0] = count;
        if (s.longs() != null) {
            s.longs()[0] = longValue;
        }
        if (s.doubles() != null) {
            s.doubles()[0] = doubleValue;
        }
        if (s.corrections() != null) {
            s.corrections()[0] = correction;
        }
        if (s.strings() != null) {
            s.strings()[0] = stringValue;
        }
        return s;
    }

    /** Group {@code g} of {@code states} as an accumulator. */
    static Accumulator from(AggStates states, int g) {
        return new Accumulator(states.aggregate(), states.input(), states.counts()[g],
                states.longs() == null ? 0 : states.longs()[g],
                states.doubles() == null ? 0 : states.doubles()[g],
                states.corrections() == null ? 0 : states.corrections()[g],
                states.strings() == null ? null : states.strings()[g]);
    }
}
