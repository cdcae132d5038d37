package dev.trellis.data;

import java.util.Objects;

/**
 * One of Ray Data's built-in aggregate functions over a column ({@code Count}, {@code Sum},
 * {@code Min}, {@code Max}, {@code Mean}, {@code Std}), for {@code aggregate(...)} and
 * {@code groupBy(...).aggregate(...)}. An immutable value (a record, so it encodes as plain data):
 *
 * <pre>{@code
 * Aggregate.count()                 // "count()":  all rows
 * Aggregate.count("x")              // "count(x)": the rows where x is not null
 * Aggregate.sum("x")                // "sum(x)"
 * Aggregate.std("x", 0).as("sd")    // population standard deviation, named "sd"
 * }</pre>
 *
 * <p>Nulls are skipped (Ray's {@code ignore_nulls=True}): a sum, min, max, mean or standard
 * deviation of no non-null values is null, and a count counts what is left. Result types: a
 * count is {@code LONG}; a sum, min and max keep a {@code LONG} column's type ({@code LONG}) or
 * a {@code DOUBLE} column's; a mean and a standard deviation are {@code DOUBLE}. Sums, means and
 * standard deviations work on {@code LONG} and {@code DOUBLE} columns, min and max also on
 * {@code STRING} ones (by {@link String#compareTo}); a count on any column.
 *
 * @param kind   which function
 * @param column the input column; null only for {@link #count()}
 * @param ddof   the delta degrees of freedom of {@link Kind#STD} (the divisor is {@code n - ddof});
 *               0 for the others
 * @param name   the output column's name
 */
public record Aggregate(Kind kind, String column, int ddof, String name) {

    /** The aggregate functions. */
    public enum Kind {
        /** The number of rows, or of non-null values of a column. */
        COUNT,
        /** The sum of the non-null values. */
        SUM,
        /** The smallest non-null value. */
        MIN,
        /** The largest non-null value. */
        MAX,
        /** The arithmetic mean of the non-null values. */
        MEAN,
        /**
         * The standard deviation of the non-null values, {@code sqrt(M2 / (n - ddof))}; NaN when
         * there are some but no more than {@code ddof} of them (as Ray), null when there are none.
         */
        STD
    }

    /** Checks the parts: a column for all but {@code count()}, a non-blank name, {@code ddof >= 0} for STD only. */
    public Aggregate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an aggregate's output name must not be blank");
        }
        if (column == null && kind != Kind.COUNT) {
            throw new IllegalArgumentException(kind.name().toLowerCase(java.util.Locale.ROOT) + " needs a column");
        }
        if (column != null && column.isBlank()) {
            throw new IllegalArgumentException("aggregate '" + name + "': a column name must not be blank");
        }
        if (kind == Kind.STD ? ddof < 0 : ddof != 0) {
            throw new IllegalArgumentException("aggregate '" + name + "': ddof " + ddof + (kind == Kind.STD
                    ? " is negative" : " applies to std only"));
        }
    }

    /** {@code count()}: the number of rows. */
    public static Aggregate count() {
        return new Aggregate(Kind.COUNT, null, 0, "count()");
    }

    /** {@code count(column)}: the number of rows where {@code column} is not null. */
    public static Aggregate count(String column) {
        return of(Kind.COUNT, column);
    }

    /** {@code sum(column)}: the sum of the non-null values ({@code LONG} for a long column, overflow an error). */
    public static Aggregate sum(String column) {
        return of(Kind.SUM, column);
    }

    /** {@code min(column)}: the smallest non-null value. */
    public static Aggregate min(String column) {
        return of(Kind.MIN, column);
    }

    /** {@code max(column)}: the largest non-null value. */
    public static Aggregate max(String column) {
        return of(Kind.MAX, column);
    }

    /** {@code mean(column)}: the mean of the non-null values, a double. */
    public static Aggregate mean(String column) {
        return of(Kind.MEAN, column);
    }

    /** {@code std(column)}: the sample standard deviation (ddof 1, Ray's default) of the non-null values. */
    public static Aggregate std(String column) {
        return std(column, 1);
    }

    /** {@code std(column)} with divisor {@code n - ddof} (0 for the population standard deviation). */
    public static Aggregate std(String column, int ddof) {
        Objects.requireNonNull(column, "column");
        return new Aggregate(Kind.STD, column, ddof, "std(" + column + ")");
    }

    private static Aggregate of(Kind kind, String column) {
        Objects.requireNonNull(column, "column");
        return new Aggregate(kind, column, 0, kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + column + ")");
    }

    /** This aggregate with output column {@code name}. */
    public Aggregate as(String name) {
        return new Aggregate(kind, column, ddof, name);
    }

    /**
     * The type of this aggregate's result over {@code input}'s rows; fails, naming the column and
     * its type, when the column is missing or of a type the function does not take.
     */
    public ColumnType resultType(Schema input) {
        return resultType(column == null ? null : input.field(column).type());
    }

    /**
     * The type of this aggregate's result over a column of type {@code input} (null for
     * {@code count()}); fails, naming the column and type, for a type the function does not take.
     */
    public ColumnType resultType(ColumnType input) {
        if (kind == Kind.COUNT) {
            return ColumnType.LONG;
        }
        Objects.requireNonNull(input, "input type");
        boolean numeric = input == ColumnType.LONG || input == ColumnType.DOUBLE;
        boolean ok = numeric || ((kind == Kind.MIN || kind == Kind.MAX) && input == ColumnType.STRING);
        if (!ok) {
            throw new IllegalArgumentException(name + ": column '" + column + "' is " + input + "; "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + " works on LONG and DOUBLE columns"
                    + (kind == Kind.MIN || kind == Kind.MAX ? " and STRING ones" : ""));
        }
        return switch (kind) {
            case SUM, MIN, MAX -> input;
            default -> ColumnType.DOUBLE;
        };
    }
}
