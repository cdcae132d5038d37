package dev.trellis.data.internal;

import dev.trellis.data.ColumnType;

/**
 * One column of a batch as it is stored and sent: the array of its type (the others null) and,
 * when some values are null, {@code nulls} (true at a null). Strings and byte arrays may also
 * hold Java nulls; numbers and booleans hold 0 or false under a null.
 */
public record Column(ColumnType type, long[] longs, double[] doubles, boolean[] booleans, String[] strings,
                     byte[][] binaries, boolean[] nulls) {

    /** A column of {@code type} over {@code values} (the array of that type), with {@code nulls} or null. */
    public static Column of(ColumnType type, Object values, boolean[] nulls) {
        return switch (type) {
            case LONG -> new Column(type, (long[]) values, null, null, null, null, nulls);
            case DOUBLE -> new Column(type, null, (double[]) values, null, null, null, nulls);
            case BOOLEAN -> new Column(type, null, null, (boolean[]) values, null, null, nulls);
            case STRING -> new Column(type, null, null, null, (String[]) values, null, nulls);
            case BINARY -> new Column(type, null, null, null, null, (byte[][]) values, nulls);
        };
    }

    /** The array that holds the values. */
    public Object values() {
        return switch (type) {
            case LONG -> longs;
            case DOUBLE -> doubles;
            case BOOLEAN -> booleans;
            case STRING -> strings;
            case BINARY -> binaries;
        };
    }

    public int length() {
        return java.lang.reflect.Array.getLength(values());
    }

    public boolean isNull(int row) {
        return nulls != null ? nulls[row] : switch (type) {
            case STRING -> strings[row] == null;
            case BINARY -> binaries[row] == null;
            default -> false;
        };
    }

    /** The value at {@code row}, boxed ({@code Long}, {@code Double}, ...), or null. */
    public Object get(int row) {
        if (isNull(row)) {
            return null;
        }
        return switch (type) {
            case LONG -> longs[row];
            case DOUBLE -> doubles[row];
            case BOOLEAN -> booleans[row];
            case STRING -> strings[row];
            case BINARY -> binaries[row];
        };
    }

    /** An estimate of the bytes it holds. */
    public long sizeBytes() {
        long n = nulls == null ? 0 : nulls.length;
        return n + switch (type) {
            case LONG -> 8L * longs.length;
            case DOUBLE -> 8L * doubles.length;
            case BOOLEAN -> booleans.length;
            case STRING -> {
                long s = 0;
                for (String v : strings) {
                    s += v == null ? 8 : 40 + 2L * v.length();
                }
                yield s;
            }
            case BINARY -> {
                long s = 0;
                for (byte[] v : binaries) {
                    s += v == null ? 8 : 16 + v.length;
                }
                yield s;
            }
        };
    }
}
