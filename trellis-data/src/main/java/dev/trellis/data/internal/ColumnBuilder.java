package dev.trellis.data.internal;

import dev.trellis.data.ColumnType;
import java.util.Arrays;

/** Builds a {@link Column} value by value (readers, rows to batches, concatenation). */
public final class ColumnBuilder {
    private final ColumnType type;
    private final String name;
    private long[] longs;
    private double[] doubles;
    private boolean[] booleans;
    private Object[] objects;
    private boolean[] nulls;
    private int size;

    /** A builder for column {@code name} (named in errors) of {@code type}. */
    public ColumnBuilder(String name, ColumnType type, int capacity) {
        this.name = name;
        this.type = type;
        int c = Math.max(4, capacity);
        switch (type) {
            case LONG -> longs = new long[c];
            case DOUBLE -> doubles = new double[c];
            case BOOLEAN -> booleans = new boolean[c];
            case STRING, BINARY -> objects = new Object[c];
        }
    }

    public ColumnType type() {
        return type;
    }

    public int size() {
        return size;
    }

    private void grow() {
        int c = Math.max(8, size * 2);
        switch (type) {
            case LONG -> longs = Arrays.copyOf(longs, c);
            case DOUBLE -> doubles = Arrays.copyOf(doubles, c);
            case BOOLEAN -> booleans = Arrays.copyOf(booleans, c);
            case STRING, BINARY -> objects = Arrays.copyOf(objects, c);
        }
        if (nulls != null) {
            nulls = Arrays.copyOf(nulls, c);
        }
    }

    private int capacity() {
        return switch (type) {
            case LONG -> longs.length;
            case DOUBLE -> doubles.length;
            case BOOLEAN -> booleans.length;
            case STRING, BINARY -> objects.length;
        };
    }

    public void addNull() {
        if (size == capacity()) {
            grow();
        }
        if (nulls == null) {
            nulls = new boolean[capacity()];
        }
        nulls[size++] = true;
    }

    public void addLong(long v) {
        if (size == capacity()) {
            grow();
        }
        if (type == ColumnType.DOUBLE) {
            doubles[size++] = v;
        } else {
            longs[size++] = v;
        }
    }

    public void addDouble(double v) {
        if (size == capacity()) {
            grow();
        }
        doubles[size++] = v;
    }

    /** Adds a boxed value (or null), converting numbers to the column's type; fails naming the column otherwise. */
    public void add(Object v) {
        if (v == null) {
            addNull();
            return;
        }
        if (size == capacity()) {
            grow();
        }
        switch (type) {
            case LONG -> {
                if (!(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)) {
                    throw mismatch(v);
                }
                longs[size] = ((Number) v).longValue();
            }
            case DOUBLE -> {
                if (!(v instanceof Number n)) {
                    throw mismatch(v);
                }
                doubles[size] = n.doubleValue();
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean b)) {
                    throw mismatch(v);
                }
                booleans[size] = b;
            }
            case STRING -> {
                if (!(v instanceof String)) {
                    throw mismatch(v);
                }
                objects[size] = v;
            }
            case BINARY -> {
                if (!(v instanceof byte[])) {
                    throw mismatch(v);
                }
                objects[size] = v;
            }
        }
        size++;
    }

    /** Adds row {@code row} of {@code column} (of the same type, or LONG into DOUBLE). */
    public void addFrom(Column column, int row) {
        if (column.isNull(row)) {
            addNull();
        } else if (column.type() == type) {
            switch (type) {
                case LONG -> addLong(column.longs()[row]);
                case DOUBLE -> addDouble(column.doubles()[row]);
                default -> add(column.get(row));
            }
        } else {
            add(column.get(row));
        }
    }

    private IllegalArgumentException mismatch(Object v) {
        return new IllegalArgumentException("column '" + name + "' is " + type.name().toLowerCase(java.util.Locale.ROOT)
                + " but got a " + v.getClass().getSimpleName() + " (" + (v instanceof byte[] b ? "byte[" + b.length + "]"
                : v) + ")");
    }

    public Column build() {
        boolean[] n = nulls == null ? null : Arrays.copyOf(nulls, size);
        return switch (type) {
            case LONG -> Column.of(type, Arrays.copyOf(longs, size), n);
            case DOUBLE -> Column.of(type, Arrays.copyOf(doubles, size), n);
            case BOOLEAN -> Column.of(type, Arrays.copyOf(booleans, size), n);
            case STRING -> Column.of(type, Arrays.copyOf(objects, size, String[].class), n);
            case BINARY -> Column.of(type, Arrays.copyOf(objects, size, byte[][].class), n);
        };
    }
}
