package dev.trellis.data.internal.ops;

import dev.trellis.data.Aggregate;
import dev.trellis.data.Batch;
import dev.trellis.data.ColumnType;
import dev.trellis.data.Schema;
import dev.trellis.data.internal.Column;
import dev.trellis.data.internal.ColumnBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The partial states of one {@link Aggregate} for groups {@code 0 .. size()-1}, column by column:
 * plain arrays of numbers (and strings for a string min or max), so they cross nodes as a value.
 * Every operation returns new states; the arrays of one that has been handed out are never
 * changed. An array that the function does not use is null.
 *
 * <table>
 * <caption>What the arrays hold</caption>
 * <tr><th>function</th><th>counts</th><th>longs</th><th>doubles</th><th>corrections</th><th>strings</th></tr>
 * <tr><td>count</td><td>rows (non-null values for {@code count(x)})</td><td></td><td></td><td></td><td></td></tr>
 * <tr><td>sum of longs</td><td>non-null values</td><td>sum</td><td></td><td></td><td></td></tr>
 * <tr><td>sum of doubles</td><td>non-null values</td><td></td><td>sum</td><td>Neumaier compensation</td><td></td></tr>
 * <tr><td>min, max</td><td>non-null values</td><td>long result</td><td>double result</td><td></td><td>string result</td></tr>
 * <tr><td>mean</td><td>non-null values</td><td></td><td>mean</td><td></td><td></td></tr>
 * <tr><td>std</td><td>non-null values</td><td></td><td>mean</td><td>M2 (Welford, merged by Chan's formula)</td><td></td></tr>
 * </table>
 *
 * @param aggregate   the function
 * @param input       the type of its input column; null for {@code count()}
 * @param counts      per group, the values (or rows) seen
 * @param longs       per group, a long sum, min or max
 * @param doubles     per group, a double sum, min or max, or a mean
 * @param corrections per group, a sum's compensation or a standard deviation's M2
 * @param strings     per group, a string min or max
 */
public record AggStates(Aggregate aggregate, ColumnType input, long[] counts, long[] longs, double[] doubles,
                        double[] corrections, String[] strings) {

    /** Checks that the arrays the function needs are there, all of one length. */
    public AggStates {
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(counts, "counts");
        if (aggregate.column() != null) {
            Objects.requireNonNull(input, "input");
        }
        aggregate.resultType(input);
        int n = counts.length;
        Uses u = Uses.of(aggregate.kind(), input);
        check(aggregate, "longs", u.longs, longs == null ? -1 : longs.length, n);
        check(aggregate, "doubles", u.doubles, doubles == null ? -1 : doubles.length, n);
        check(aggregate, "corrections", u.corrections, corrections == null ? -1 : corrections.length, n);
        check(aggregate, "strings", u.strings, strings == null ? -1 : strings.length, n);
    }

    private static void check(Aggregate a, String what, boolean used, int length, int n) {
        if (used && length != n) {
            throw new IllegalArgumentException(a.name() + ": states need " + n + " " + what + ", got "
                    + (length < 0 ? "none" : length));
        }
    }

    /** Which arrays a function over an input type keeps. */
    private record Uses(boolean longs, boolean doubles, boolean corrections, boolean strings) {
        static Uses of(Aggregate.Kind kind, ColumnType input) {
            return switch (kind) {
                case COUNT -> new Uses(false, false, false, false);
                case SUM -> input == ColumnType.LONG ? new Uses(true, false, false, false)
                        : new Uses(false, true, true, false);
                case MIN, MAX -> new Uses(input == ColumnType.LONG, input == ColumnType.DOUBLE, false,
                        input == ColumnType.STRING);
                case MEAN -> new Uses(false, true, false, false);
                case STD -> new Uses(false, true, true, false);
            };
        }
    }

    /**
     * Empty states of {@code aggregate} for {@code groups} groups over rows of {@code schema};
     * fails, naming the column and its type, when the function does not take that column.
     */
    public static AggStates empty(Aggregate aggregate, Schema schema, int groups) {
        ColumnType input = aggregate.column() == null ? null : schema.field(aggregate.column()).type();
        return empty(aggregate, input, groups);
    }

    /** Empty states of {@code aggregate} over a column of type {@code input} (null for {@code count()}). */
    public static AggStates empty(Aggregate aggregate, ColumnType input, int groups) {
        aggregate.resultType(input);
        Uses u = Uses.of(aggregate.kind(), input);
        return new AggStates(aggregate, input, new long[groups], u.longs ? new long[groups] : null,
                u.doubles ? new double[groups] : null, u.corrections ? new double[groups] : null,
                u.strings ? new String[groups] : null);
    }

    /** The number of groups. */
    public int size() {
        return counts.length;
    }

    /** The type of the results. */
    public ColumnType resultType() {
        return aggregate.resultType(input);
    }

    /** These states grown (or cut) to {@code groups} groups, the new ones empty; a copy. */
    private AggStates resized(int groups) {
        return new AggStates(aggregate, input, Arrays.copyOf(counts, groups),
                longs == null ? null : Arrays.copyOf(longs, groups),
                doubles == null ? null : Arrays.copyOf(doubles, groups),
                corrections == null ? null : Arrays.copyOf(corrections, groups),
                strings == null ? null : Arrays.copyOf(strings, groups));
    }

    /**
     * New states of {@code groups} groups (at least {@link #size()}): these, plus rows
     * {@code rows} of {@code batch} (null: all of them), the i-th into group {@code groupOf[i]}
     * (null: all into group 0). Nulls are skipped.
     */
    public AggStates accumulate(Batch batch, int[] rows, int[] groupOf, int groups) {
        if (groups < size()) {
            throw new IllegalArgumentException(aggregate.name() + ": cannot shrink " + size() + " groups to "
                    + groups);
        }
        int n = rows == null ? batch.numRows() : rows.length;
        if (groupOf != null && groupOf.length != n) {
            throw new IllegalArgumentException(aggregate.name() + ": " + n + " rows but " + groupOf.length
                    + " group numbers");
        }
        AggStates out = resized(groups);
        if (aggregate.column() == null) {
            for (int i = 0; i < n; i++) {
                out.counts[groupOf == null ? 0 : groupOf[i]]++;
            }
            return out;
        }
        Column col = batch.columnData().get(batch.schema().require(aggregate.column()));
        if (col.type() != input) {
            throw new IllegalArgumentException(aggregate.name() + ": column '" + aggregate.column() + "' is "
                    + col.type() + " in this batch, " + input + " before");
        }
        for (int i = 0; i < n; i++) {
            int row = rows == null ? i : rows[i];
            if (!col.isNull(row)) {
                out.add(groupOf == null ? 0 : groupOf[i], col, row);
            }
        }
        return out;
    }

    /** Adds non-null row {@code row} of {@code col} to group {@code g}. */
    private void add(int g, Column col, int row) {
        long n = counts[g];
        switch (aggregate.kind()) {
            case COUNT -> { }
            case SUM -> {
                if (input == ColumnType.LONG) {
                    longs[g] = addExact(longs[g], col.longs()[row]);
                } else {
                    addCompensated(g, col.doubles()[row]);
                }
            }
            case MIN, MAX -> {
                boolean max = aggregate.kind() == Aggregate.Kind.MAX;
                switch (input) {
                    case LONG -> {
                        long v = col.longs()[row];
                        if (n == 0 || (max ? v > longs[g] : v < longs[g])) {
                            longs[g] = v;
                        }
                    }
                    case DOUBLE -> {
                        double v = col.doubles()[row];
                        int c = Double.compare(v, doubles[g]);
                        if (n == 0 || (max ? c > 0 : c < 0)) {
                            doubles[g] = v;
                        }
                    }
                    default -> {
                        String v = col.strings()[row];
                        if (n == 0 || (max ? v.compareTo(strings[g]) > 0 : v.compareTo(strings[g]) < 0)) {
                            strings[g] = v;
                        }
                    }
                }
            }
            case MEAN, STD -> {
                double x = input == ColumnType.LONG ? col.longs()[row] : col.doubles()[row];
                double delta = x - doubles[g];
                doubles[g] += delta / (n + 1);
                if (corrections != null) {
                    corrections[g] += delta * (x - doubles[g]);
                }
            }
        }
        counts[g] = n + 1;
    }

    /** Neumaier's compensated addition of {@code x} to group {@code g}'s sum. */
    private void addCompensated(int g, double x) {
        double sum = doubles[g];
        double t = sum + x;
        corrections[g] += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
        doubles[g] = t;
    }

    private long addExact(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new ArithmeticException(aggregate.name() + ": the sum of column '" + aggregate.column()
                    + "' overflows a long (" + a + " + " + b + ")");
        }
    }

    /**
     * The merge of {@code parts} (of the same function and input type) into {@code groups}
     * groups: group {@code s} of {@code parts.get(p)} goes into group {@code targets.get(p)[s]}.
     */
    public static AggStates combine(List<AggStates> parts, List<int[]> targets, int groups) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        if (parts.size() != targets.size()) {
            throw new IllegalArgumentException(parts.size() + " states but " + targets.size() + " group maps");
        }
        AggStates first = parts.getFirst();
        AggStates out = empty(first.aggregate, first.input, groups);
        for (int p = 0; p < parts.size(); p++) {
            AggStates part = parts.get(p);
            if (!part.aggregate.equals(first.aggregate) || part.input != first.input) {
                throw new IllegalArgumentException("cannot merge states of " + part.aggregate + " over "
                        + part.input + " into ones of " + first.aggregate + " over " + first.input);
            }
            int[] target = targets.get(p);
            if (target.length != part.size()) {
                throw new IllegalArgumentException(first.aggregate.name() + ": " + part.size()
                        + " groups but " + target.length + " targets");
            }
            for (int s = 0; s < target.length; s++) {
                out.mergeSlot(target[s], part, s);
            }
        }
        return out;
    }

    /** Merges group {@code s} of {@code other} into group {@code g}. */
    private void mergeSlot(int g, AggStates other, int s) {
        long nb = other.counts[s];
        if (nb == 0) {
            return;
        }
        long na = counts[g];
        switch (aggregate.kind()) {
            case COUNT -> { }
            case SUM -> {
                if (input == ColumnType.LONG) {
                    longs[g] = addExact(longs[g], other.longs[s]);
                } else {
                    addCompensated(g, other.doubles[s]);
                    corrections[g] += other.corrections[s];
                }
            }
            case MIN, MAX -> {
                boolean max = aggregate.kind() == Aggregate.Kind.MAX;
                switch (input) {
                    case LONG -> {
                        if (na == 0 || (max ? other.longs[s] > longs[g] : other.longs[s] < longs[g])) {
                            longs[g] = other.longs[s];
                        }
                    }
                    case DOUBLE -> {
                        int c = Double.compare(other.doubles[s], doubles[g]);
                        if (na == 0 || (max ? c > 0 : c < 0)) {
                            doubles[g] = other.doubles[s];
                        }
                    }
                    default -> {
                        String v = other.strings[s];
                        if (na == 0 || (max ? v.compareTo(strings[g]) > 0 : v.compareTo(strings[g]) < 0)) {
                            strings[g] = v;
                        }
                    }
                }
            }
            case MEAN, STD -> {
                if (na == 0) {
                    doubles[g] = other.doubles[s];
                    if (corrections != null) {
                        corrections[g] = other.corrections[s];
                    }
                } else {
                    double n = (double) na + nb;
                    double delta = other.doubles[s] - doubles[g];
                    doubles[g] += delta * (nb / n);
                    if (corrections != null) {
                        corrections[g] += other.corrections[s] + delta * delta * ((double) na * nb / n);
                    }
                }
            }
        }
        counts[g] = na + nb;
    }

    /**
     * Group {@code g}'s result, boxed ({@code Long}, {@code Double} or {@code String}): null where
     * the group had no non-null value (a count is 0 there instead); a standard deviation of no
     * more than {@code ddof} values is NaN.
     */
    public Object result(int g) {
        long n = counts[g];
        if (aggregate.kind() == Aggregate.Kind.COUNT) {
            return n;
        }
        if (n == 0) {
            return null;
        }
        return switch (aggregate.kind()) {
            case SUM -> input == ColumnType.LONG ? (Object) longs[g]
                    : (Double.isFinite(doubles[g]) ? doubles[g] + corrections[g] : doubles[g]);
            case MIN, MAX -> switch (input) {
                case LONG -> longs[g];
                case DOUBLE -> doubles[g];
                default -> strings[g];
            };
            case MEAN -> doubles[g];
            case STD -> n - aggregate.ddof() <= 0 ? Double.NaN
                    : Math.sqrt(Math.max(0, corrections[g] / (n - aggregate.ddof())));
            case COUNT -> throw new AssertionError();
        };
    }

    /** The results of groups {@code order} (null: all, in order) as a column of {@link #resultType()}. */
    public Column results(int[] order) {
        int n = order == null ? size() : order.length;
        var b = new ColumnBuilder(aggregate.name(), resultType(), n);
        for (int i = 0; i < n; i++) {
            b.add(result(order == null ? i : order[i]));
        }
        return b.build();
    }
}
