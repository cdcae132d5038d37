package dev.trellis.data.internal.ops;

import dev.trellis.data.Batch;
import dev.trellis.data.Field;
import dev.trellis.data.Schema;
import dev.trellis.data.internal.Column;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key columns of a batch, for ordering, equality and hashing of rows by key. The order is
 * ascending with nulls first: longs by value, doubles by {@link Double#compare} (so -0.0 before
 * 0.0, NaN last), booleans false first, strings by {@link String#compareTo}, binaries unsigned
 * byte by byte. Two keys are equal when they compare 0, and equal keys hash alike on every JVM:
 * the hash is plain arithmetic over the values, never {@code Object.hashCode}.
 */
final class KeyColumns {
    private static final long NULL_HASH = 0x6A09E667F3BCC908L;
    private static final long FNV_PRIME = 0x100000001B3L;
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;

    private final List<String> names;
    private final Column[] columns;

    private KeyColumns(List<String> names, Column[] columns) {
        this.names = names;
        this.columns = columns;
    }

    /** Columns {@code keys} of {@code batch}; fails naming a missing one. */
    static KeyColumns of(Batch batch, List<String> keys) {
        Column[] cols = new Column[keys.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = batch.columnData().get(batch.schema().require(keys.get(i)));
        }
        return new KeyColumns(List.copyOf(keys), cols);
    }

    /** Every column of {@code batch}, as keys. */
    static KeyColumns all(Batch batch) {
        return new KeyColumns(batch.columnNames(), batch.columnData().toArray(Column[]::new));
    }

    /** The schema of columns {@code keys} of {@code schema}, in that order; fails naming a missing one. */
    static Schema keySchema(Schema schema, List<String> keys) {
        var fields = new ArrayList<Field>();
        for (String k : keys) {
            fields.add(schema.field(k));
        }
        return new Schema(fields);
    }

    /** Fails, naming the column, unless {@code other}'s keys have the same names and types as these. */
    void requireSameTypes(KeyColumns other, String what) {
        if (!names.equals(other.names)) {
            throw new IllegalArgumentException(what + " has key columns " + other.names + ", expected " + names);
        }
        for (int c = 0; c < columns.length; c++) {
            if (columns[c].type() != other.columns[c].type()) {
                throw new IllegalArgumentException(what + ": key column '" + names.get(c) + "' is "
                        + other.columns[c].type() + ", expected " + columns[c].type());
            }
        }
    }

    /** Rows {@code i} and {@code j} in key order (ascending, nulls first). */
    int compare(int i, int j) {
        return compare(i, this, j);
    }

    /** Row {@code i} of these keys against row {@code j} of {@code other} (of the same types). */
    int compare(int i, KeyColumns other, int j) {
        for (int c = 0; c < columns.length; c++) {
            int r = compareValues(columns[c], i, other.columns[c], j);
            if (r != 0) {
                return r;
            }
        }
        return 0;
    }

    private static int compareValues(Column a, int i, Column b, int j) {
        boolean an = a.isNull(i);
        boolean bn = b.isNull(j);
        if (an || bn) {
            return an == bn ? 0 : an ? -1 : 1;
        }
        return switch (a.type()) {
            case LONG -> Long.compare(a.longs()[i], b.longs()[j]);
            case DOUBLE -> Double.compare(a.doubles()[i], b.doubles()[j]);
            case BOOLEAN -> Boolean.compare(a.booleans()[i], b.booleans()[j]);
            case STRING -> a.strings()[i].compareTo(b.strings()[j]);
            case BINARY -> Arrays.compareUnsigned(a.binaries()[i], b.binaries()[j]);
        };
    }

    /** A 64-bit hash of row {@code row}'s key, the same for equal keys on any JVM. */
    long hash(int row) {
        long h = 0x243F6A8885A308D3L;
        for (Column c : columns) {
            h = (h ^ valueHash(c, row)) * 0x9E3779B97F4A7C15L;
            h = Long.rotateLeft(h, 31);
        }
        return mix(h);
    }

    private static long valueHash(Column c, int row) {
        if (c.isNull(row)) {
            return NULL_HASH;
        }
        return switch (c.type()) {
            case LONG -> mix(c.longs()[row]);
            case DOUBLE -> mix(Double.doubleToLongBits(c.doubles()[row]));
            case BOOLEAN -> mix(c.booleans()[row] ? 1 : 2);
            case STRING -> {
                String s = c.strings()[row];
                long h = FNV_OFFSET;
                for (int k = 0; k < s.length(); k++) {
                    h = (h ^ s.charAt(k)) * FNV_PRIME;
                }
                yield mix(h ^ s.length());
            }
            case BINARY -> {
                long h = FNV_OFFSET;
                for (byte b : c.binaries()[row]) {
                    h = (h ^ (b & 0xFF)) * FNV_PRIME;
                }
                yield mix(h ^ c.binaries()[row].length);
            }
        };
    }

    /** MurmurHash3's 64-bit finalizer. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }

    /** Row {@code row}'s key as {@code name=value, ...}, for error messages. */
    String describe(int row) {
        var sb = new StringBuilder();
        for (int c = 0; c < columns.length; c++) {
            Object v = columns[c].get(row);
            sb.append(c == 0 ? "" : ", ").append(names.get(c)).append('=')
                    .append(v instanceof byte[] b ? "byte[" + b.length + "]" : v);
        }
        return sb.toString();
    }
}
