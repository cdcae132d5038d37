package dev.trellis.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a dataset: column names to values ({@code Long}, {@code Double}, {@code Boolean},
 * {@code String}, {@code byte[]} or null), in column order. Immutable; {@link #with} and
 * {@link #without} make changed copies. What {@code map}, {@code flatMap} and {@code filter}
 * see and return (Ray's dict rows).
 */
public final class Row {
    private final Map<String, Object> values;

    private Row(Map<String, Object> values) {
        this.values = values;
    }

    /** A row of {@code name, value} pairs: {@code Row.of("id", 1L, "label", "cat")}. */
    public static Row of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Row.of takes name, value pairs; got " + namesAndValues.length
                    + " arguments");
        }
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException("Row.of: argument " + i + " must be a column name, was "
                        + namesAndValues[i]);
            }
            map.put(name, normalized(name, namesAndValues[i + 1]));
        }
        return new Row(Collections.unmodifiableMap(map));
    }

    /** A row with {@code values}' entries, in its iteration order. */
    public static Row fromMap(Map<String, ?> values) {
        var map = new LinkedHashMap<String, Object>();
        values.forEach((k, v) -> map.put(Objects.requireNonNull(k, "column name"), normalized(k, v)));
        return new Row(Collections.unmodifiableMap(map));
    }

    static Row trusted(LinkedHashMap<String, Object> values) {
        return new Row(Collections.unmodifiableMap(values));
    }

    /** Integers widen to {@code Long}, floats to {@code Double}; other types are refused, naming the column. */
    private static Object normalized(String name, Object v) {
        return switch (v) {
            case null -> null;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b;
            case String s -> s;
            case byte[] b -> b;
            default -> throw new IllegalArgumentException("column '" + name + "' holds a " + v.getClass().getName()
                    + "; a row holds numbers, booleans, strings, byte arrays or null");
        };
    }

    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value of column {@code name} (null for a null); fails naming the columns if there is none. */
    public Object get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("no column '" + name + "' in this row: the columns are " + names());
        }
        return values.get(name);
    }

    public long getLong(String name) {
        return number(name).longValue();
    }

    public double getDouble(String name) {
        return number(name).doubleValue();
    }

    public String getString(String name) {
        Object v = get(name);
        return v == null ? null : v.toString();
    }

    public boolean getBoolean(String name) {
        if (get(name) instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("column '" + name + "' is " + describe(get(name)) + ", not a boolean");
    }

    public byte[] getBytes(String name) {
        Object v = get(name);
        if (v == null || v instanceof byte[]) {
            return (byte[]) v;
        }
        throw new IllegalArgumentException("column '" + name + "' is " + describe(v) + ", not binary");
    }

    private Number number(String name) {
        if (get(name) instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("column '" + name + "' is " + describe(get(name)) + ", not a number");
    }

    private static String describe(Object v) {
        return v == null ? "null" : "a " + v.getClass().getSimpleName() + " (" + v + ")";
    }

    /** This row with column {@code name} set to {@code value} (added last if new). */
    public Row with(String name, Object value) {
        var map = new LinkedHashMap<>(values);
        map.put(Objects.requireNonNull(name, "name"), normalized(name, value));
        return new Row(Collections.unmodifiableMap(map));
    }

    /** This row without the columns {@code names}. */
    public Row without(String... names) {
        var map = new LinkedHashMap<>(values);
        for (String n : names) {
            map.remove(n);
        }
        return new Row(Collections.unmodifiableMap(map));
    }

    /** The values by column name, in column order (unmodifiable). */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Row other) || !other.values.keySet().equals(values.keySet())) {
            return false;
        }
        for (var e : values.entrySet()) {
            Object a = e.getValue();
            Object b = other.values.get(e.getKey());
            if (a instanceof byte[] x && b instanceof byte[] y ? !java.util.Arrays.equals(x, y) : !Objects.equals(a, b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=')
                .append(v instanceof byte[] b ? "byte[" + b.length + "]" : v));
        return sb.append('}').toString();
    }
}
