package dev.trellis.data.internal.io;

import dev.trellis.data.ColumnType;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * How a column of a DuckDB result becomes a Trellis Data column: every integer type is
 * {@code LONG} (a {@code UBIGINT}, {@code HUGEINT} or {@code UHUGEINT} value outside a long's
 * range fails, naming the column), {@code FLOAT}, {@code DOUBLE} and {@code DECIMAL} are
 * {@code DOUBLE}, {@code BOOLEAN} is {@code BOOLEAN}, {@code VARCHAR} (and {@code JSON}, which is
 * text) is {@code STRING}, {@code BLOB} is {@code BINARY}, and dates, times and timestamps are
 * {@code STRING}s in ISO-8601 ({@link Kind}). A column DuckDB types {@code "NULL"} (only nulls,
 * as JSON lines may give) is a {@code STRING} column of nulls, as in
 * {@link dev.trellis.data.Batch#fromRows}. Nested and other types ({@code LIST},
 * {@code STRUCT}, {@code MAP}, {@code UUID}, {@code ENUM}, {@code INTERVAL}...) are refused.
 */
final class DuckDbTypes {
    /** How one column is read from a JDBC result set. */
    enum Kind {
        /** Integers that fit a long: {@code getLong}. */
        LONG(ColumnType.LONG),
        /** {@code UBIGINT}, {@code HUGEINT}, {@code UHUGEINT}: read as a {@code BigInteger}, range-checked. */
        WIDE_INTEGER(ColumnType.LONG),
        DOUBLE(ColumnType.DOUBLE),
        BOOLEAN(ColumnType.BOOLEAN),
        STRING(ColumnType.STRING),
        BINARY(ColumnType.BINARY),
        /** {@code 2024-01-31}. */
        DATE(ColumnType.STRING),
        /** {@code 13:45:30}, with a fraction of a second where there is one ({@code 13:45:30.25}). */
        TIME(ColumnType.STRING),
        /** {@code 13:45:30+02:00}. */
        TIME_TZ(ColumnType.STRING),
        /** {@code 2024-01-31T13:45:30}, with a fraction where there is one. */
        TIMESTAMP(ColumnType.STRING),
        /** In UTC: {@code 2024-01-31T11:45:30Z}. */
        TIMESTAMP_TZ(ColumnType.STRING);

        private final ColumnType columnType;

        Kind(ColumnType columnType) {
            this.columnType = columnType;
        }

        ColumnType columnType() {
            return columnType;
        }
    }

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("TINYINT", Kind.LONG), Map.entry("SMALLINT", Kind.LONG), Map.entry("INTEGER", Kind.LONG),
            Map.entry("BIGINT", Kind.LONG), Map.entry("UTINYINT", Kind.LONG), Map.entry("USMALLINT", Kind.LONG),
            Map.entry("UINTEGER", Kind.LONG), Map.entry("UBIGINT", Kind.WIDE_INTEGER),
            Map.entry("HUGEINT", Kind.WIDE_INTEGER), Map.entry("UHUGEINT", Kind.WIDE_INTEGER),
            Map.entry("FLOAT", Kind.DOUBLE), Map.entry("DOUBLE", Kind.DOUBLE),
            Map.entry("BOOLEAN", Kind.BOOLEAN),
            Map.entry("VARCHAR", Kind.STRING), Map.entry("JSON", Kind.STRING),
            Map.entry("NULL", Kind.STRING), Map.entry("\"NULL\"", Kind.STRING),
            Map.entry("BLOB", Kind.BINARY),
            Map.entry("DATE", Kind.DATE),
            Map.entry("TIME", Kind.TIME), Map.entry("TIME_NS", Kind.TIME),
            Map.entry("TIME WITH TIME ZONE", Kind.TIME_TZ),
            Map.entry("TIMESTAMP", Kind.TIMESTAMP), Map.entry("TIMESTAMP_S", Kind.TIMESTAMP),
            Map.entry("TIMESTAMP_MS", Kind.TIMESTAMP), Map.entry("TIMESTAMP_NS", Kind.TIMESTAMP),
            Map.entry("TIMESTAMP WITH TIME ZONE", Kind.TIMESTAMP_TZ));

    private DuckDbTypes() {
    }

    /**
     * How to read column {@code column} of {@code file}, of DuckDB type {@code duckType} (as
     * {@code DESCRIBE} or JDBC metadata spell it: {@code DECIMAL(10,2)}, {@code INTEGER[]}).
     *
     * @throws IllegalArgumentException naming the column, the file and the type when it has no Trellis type
     */
    static Kind kind(String column, String duckType, Path file) {
        String t = duckType.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
            return Kind.DOUBLE;
        }
        Kind k = KINDS.get(t);
        if (k == null) {
            throw new IllegalArgumentException("column '" + column + "' of " + file + " has DuckDB type " + duckType
                    + ", which Trellis Data cannot read: a column must be an integer, floating point, decimal, boolean,"
                    + " varchar, blob, date, time or timestamp (read only the other columns, with columns=[...])");
        }
        return k;
    }

    /**
     * The expression that selects {@code column}, of DuckDB type {@code duckType}: the quoted name,
     * or for a {@code DECIMAL} its cast to {@code DOUBLE} (done by DuckDB, much faster than
     * converting each value in Java), named as the column.
     */
    static String select(String column, String duckType) {
        String name = DuckDb.identifier(column);
        String t = duckType.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
            return "CAST(" + name + " AS DOUBLE) AS " + name;
        }
        return name;
    }
}
