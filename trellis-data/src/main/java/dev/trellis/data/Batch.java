package dev.trellis.data;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trellis.data.internal.Column;
import dev.trellis.data.internal.ColumnBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable columnar batch of rows (Ray Data's block, and what {@code mapBatches} sees):
 * each column one Java array of its {@link ColumnType}, {@code long[]}, {@code double[]},
 * {@code boolean[]}, {@code String[]} or {@code byte[][]}. The arrays handed out are the batch's
 * own: do not change them; {@link #withColumn} and friends make new batches sharing the
 * untouched columns.
 *
 * <pre>{@code
 * Batch b = Batch.of("x", new long[] {1, 2, 3}, "label", new String[] {"a", "b", "c"});
 * double[] doubled = Arrays.stream(b.longs("x")).asDoubleStream().map(v -> v * 2).toArray();
 * Batch out = b.withColumn("doubled", doubled);
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Batch implements dev.trellis.core.Sized {
    private final Schema schema;
    private final int numRows;
    private final List<Column> columns;

    @JsonCreator
    Batch(@JsonProperty("schema") Schema schema, @JsonProperty("numRows") int numRows,
          @JsonProperty("columns") List<Column> columns) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.columns = List.copyOf(columns);
        this.numRows = numRows;
        if (columns.size() != schema.size()) {
            throw new IllegalArgumentException("a batch of schema " + schema + " needs " + schema.size()
                    + " columns, got " + columns.size());
        }
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            Field f = schema.fields().get(i);
            if (c.type() != f.type()) {
                throw new IllegalArgumentException("column '" + f.name() + "' is declared " + f.type() + " but holds "
                        + c.type());
            }
            if (c.length() != numRows) {
                throw new IllegalArgumentException("column '" + f.name() + "' has " + c.length()
                        + " values, but the batch has " + numRows + " rows");
            }
        }
    }

    /** For Data's readers and operators (its {@code internal} package): a batch of built columns. */
    public static Batch ofColumns(Schema schema, int numRows, List<Column> columns) {
        return new Batch(schema, numRows, columns);
    }

    /**
     * A batch of {@code name, array} pairs: {@code Batch.of("x", new long[] {1, 2}, "y", new
     * double[] {0.5, 1.5})}. {@code int[]} and {@code float[]} are widened to long and double.
     */
    public static Batch of(Object... namesAndArrays) {
        if (namesAndArrays.length % 2 != 0) {
            throw new IllegalArgumentException("Batch.of takes name, array pairs; got " + namesAndArrays.length
                    + " arguments");
        }
        var fields = new ArrayList<Field>();
        var cols = new ArrayList<Column>();
        int rows = -1;
        for (int i = 0; i < namesAndArrays.length; i += 2) {
            String name = (String) namesAndArrays[i];
            Column c = column(name, namesAndArrays[i + 1]);
            if (rows >= 0 && c.length() != rows) {
                throw new IllegalArgumentException("column '" + name + "' has " + c.length() + " values, the ones"
                        + " before it " + rows);
            }
            rows = c.length();
            fields.add(new Field(name, c.type()));
            cols.add(c);
        }
        return new Batch(new Schema(fields), Math.max(rows, 0), cols);
    }

    /** An empty batch of {@code schema}. */
    public static Batch empty(Schema schema) {
        var cols = new ArrayList<Column>();
        for (Field f : schema.fields()) {
            cols.add(new ColumnBuilder(f.name(), f.type(), 0).build());
        }
        return new Batch(schema, 0, cols);
    }

    /**
     * The rows as one batch; the schema is the union of the rows' columns in order of first
     * appearance, each typed by its non-null values (longs and doubles mixed make a double column;
     * a column absent from a row is null there). Other mixes fail, naming the column.
     */
    public static Batch fromRows(List<Row> rows) {
        var types = new LinkedHashMap<String, ColumnType>();
        for (Row r : rows) {
            for (var e : r.asMap().entrySet()) {
                ColumnType t = ColumnType.of(e.getValue());
                ColumnType before = types.get(e.getKey());
                if (before == null || t == null) {
                    if (before == null) {
                        types.put(e.getKey(), t);
                    }
                } else if (before != t) {
                    if ((before == ColumnType.LONG && t == ColumnType.DOUBLE)
                            || (before == ColumnType.DOUBLE && t == ColumnType.LONG)) {
                        types.put(e.getKey(), ColumnType.DOUBLE);
                    } else {
                        throw new IllegalArgumentException("column '" + e.getKey() + "' holds both " + before + " and "
                                + t + " values (" + e.getValue() + ")");
                    }
                }
            }
        }
        var fields = new ArrayList<Field>();
        var builders = new ArrayList<ColumnBuilder>();
        types.forEach((name, type) -> {
            ColumnType t = type == null ? ColumnType.STRING : type; // all null: a string column of nulls
            fields.add(new Field(name, t));
            builders.add(new ColumnBuilder(name, t, rows.size()));
        });
        for (Row r : rows) {
            for (int i = 0; i < fields.size(); i++) {
                String name = fields.get(i).name();
                builders.get(i).add(r.has(name) ? r.get(name) : null);
            }
        }
        return new Batch(new Schema(fields), rows.size(), builders.stream().map(ColumnBuilder::build).toList());
    }

    /** Several batches of one schema as one (an empty list needs {@code schema}). */
    public static Batch concat(List<Batch> batches, Schema schema) {
        if (batches.size() == 1) {
            return batches.getFirst();
        }
        Schema s = batches.isEmpty() ? Objects.requireNonNull(schema, "schema") : batches.getFirst().schema();
        int total = 0;
        for (Batch b : batches) {
            if (!b.schema.equals(s)) {
                throw new IllegalArgumentException("cannot concatenate batches of different schemas: " + s + " and "
                        + b.schema);
            }
            total += b.numRows;
        }
        var cols = new ArrayList<Column>();
        for (int c = 0; c < s.size(); c++) {
            Field f = s.fields().get(c);
            var builder = new ColumnBuilder(f.name(), f.type(), total);
            for (Batch b : batches) {
                Column col = b.columns.get(c);
                for (int r = 0; r < b.numRows; r++) {
                    builder.addFrom(col, r);
                }
            }
            cols.add(builder.build());
        }
        return new Batch(s, total, cols);
    }

    private static Column column(String name, Object array) {
        return switch (array) {
            case long[] a -> Column.of(ColumnType.LONG, a, null);
            case int[] a -> Column.of(ColumnType.LONG, Arrays.stream(a).asLongStream().toArray(), null);
            case double[] a -> Column.of(ColumnType.DOUBLE, a, null);
            case float[] a -> {
                double[] d = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    d[i] = a[i];
                }
                yield Column.of(ColumnType.DOUBLE, d, null);
            }
            case boolean[] a -> Column.of(ColumnType.BOOLEAN, a, null);
            case String[] a -> Column.of(ColumnType.STRING, a, null);
            case byte[][] a -> Column.of(ColumnType.BINARY, a, null);
            case null -> throw new IllegalArgumentException("column '" + name + "' has no values (null)");
            default -> throw new IllegalArgumentException("column '" + name + "' is a " + array.getClass().getSimpleName()
                    + "; a column is a long[], int[], double[], float[], boolean[], String[] or byte[][]");
        };
    }

    public Schema schema() {
        return schema;
    }

    public int numRows() {
        return numRows;
    }

    public List<String> columnNames() {
        return schema.names();
    }

    /** The column's values, as its array ({@code long[]}, {@code double[]}, ...). */
    public Object column(String name) {
        return columns.get(schema.require(name)).values();
    }

    public long[] longs(String name) {
        return typed(name, ColumnType.LONG).longs();
    }

    /** A double column's values; a long column's, converted. */
    public double[] doubles(String name) {
        Column c = columns.get(schema.require(name));
        if (c.type() == ColumnType.LONG) {
            return Arrays.stream(c.longs()).asDoubleStream().toArray();
        }
        return typed(name, ColumnType.DOUBLE).doubles();
    }

    public boolean[] booleans(String name) {
        return typed(name, ColumnType.BOOLEAN).booleans();
    }

    public String[] strings(String name) {
        return typed(name, ColumnType.STRING).strings();
    }

    public byte[][] binaries(String name) {
        return typed(name, ColumnType.BINARY).binaries();
    }

    private Column typed(String name, ColumnType type) {
        Column c = columns.get(schema.require(name));
        if (c.type() != type) {
            throw new IllegalArgumentException("column '" + name + "' is " + c.type() + ", not " + type);
        }
        return c;
    }

    /** True where column {@code name} is null at {@code row}. */
    public boolean isNull(String name, int row) {
        return columns.get(schema.require(name)).isNull(row);
    }

    /** The value at {@code row} of column {@code name}, boxed, or null. */
    public Object value(String name, int row) {
        return columns.get(schema.require(name)).get(row);
    }

    /** Row {@code index} as a {@link Row}. */
    public Row row(int index) {
        Objects.checkIndex(index, numRows);
        var map = new LinkedHashMap<String, Object>();
        for (int c = 0; c < columns.size(); c++) {
            map.put(schema.fields().get(c).name(), columns.get(c).get(index));
        }
        return Row.trusted(map);
    }

    public List<Row> rows() {
        var out = new ArrayList<Row>(numRows);
        for (int i = 0; i < numRows; i++) {
            out.add(row(i));
        }
        return out;
    }

    /** This batch with column {@code name} set to {@code values} (an array of its length; added last if new). */
    public Batch withColumn(String name, Object values) {
        Column c = column(name, values);
        if (c.length() != numRows) {
            throw new IllegalArgumentException("column '" + name + "' has " + c.length() + " values, the batch "
                    + numRows + " rows");
        }
        var fields = new ArrayList<>(schema.fields());
        var cols = new ArrayList<>(columns);
        int at = schema.indexOf(name);
        if (at >= 0) {
            fields.set(at, new Field(name, c.type()));
            cols.set(at, c);
        } else {
            fields.add(new Field(name, c.type()));
            cols.add(c);
        }
        return new Batch(new Schema(fields), numRows, cols);
    }

    /** This batch without columns {@code names}; each must exist. */
    public Batch dropColumns(List<String> names) {
        names.forEach(schema::require);
        var fields = new ArrayList<Field>();
        var cols = new ArrayList<Column>();
        for (int i = 0; i < columns.size(); i++) {
            if (!names.contains(schema.fields().get(i).name())) {
                fields.add(schema.fields().get(i));
                cols.add(columns.get(i));
            }
        }
        return new Batch(new Schema(fields), numRows, cols);
    }

    /** Only columns {@code names}, in that order; each must exist. */
    public Batch selectColumns(List<String> names) {
        var fields = new ArrayList<Field>();
        var cols = new ArrayList<Column>();
        for (String n : names) {
            int i = schema.require(n);
            fields.add(schema.fields().get(i));
            cols.add(columns.get(i));
        }
        return new Batch(new Schema(fields), numRows, cols);
    }

    /** Columns renamed old name to new name; each old name must exist. */
    public Batch renameColumns(Map<String, String> names) {
        names.keySet().forEach(schema::require);
        var fields = new ArrayList<Field>();
        for (Field f : schema.fields()) {
            fields.add(new Field(names.getOrDefault(f.name(), f.name()), f.type()));
        }
        return new Batch(new Schema(fields), numRows, columns);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
    public Batch slice(int from, int to) {
        Objects.checkFromToIndex(from, to, numRows);
        if (from == 0 && to == numRows) {
            return this;
        }
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return take(rows);
    }

    /** The rows at {@code indices}, in that order (repeats allowed). */
    public Batch take(int[] indices) {
        var cols = new ArrayList<Column>();
        for (int c = 0; c < columns.size(); c++) {
            Field f = schema.fields().get(c);
            var b = new ColumnBuilder(f.name(), f.type(), indices.length);
            Column col = columns.get(c);
            for (int i : indices) {
                b.addFrom(col, i);
            }
            cols.add(b.build());
        }
        return new Batch(schema, indices.length, cols);
    }

    /** An estimate of the bytes the batch holds (what Data's memory budgets and the object store count). */
    @Override
    public long sizeBytes() {
        long n = 64;
        for (Column c : columns) {
            n += c.sizeBytes();
        }
        return n;
    }

    /** For Data's writers and operators (its {@code internal} package): the columns as stored. */
    public List<Column> columnData() {
        return columns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Batch other && other.schema.equals(schema) && other.rows().equals(rows());
    }

    @Override
    public int hashCode() {
        return schema.hashCode() * 31 + numRows;
    }

    @Override
    public String toString() {
        return "Batch(" + numRows + " rows, " + schema + ")";
    }
}
