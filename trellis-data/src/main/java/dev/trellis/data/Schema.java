package dev.trellis.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The columns of a {@link Batch} or {@link Dataset}, in order; names are unique. */
public record Schema(List<Field> fields) {
    public Schema {
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        var seen = new HashMap<String, Integer>();
        for (Field f : fields) {
            if (seen.put(f.name(), 1) != null) {
                throw new IllegalArgumentException("column '" + f.name() + "' appears twice in " + fields);
            }
        }
    }

    /** A schema of {@code name, type} pairs: {@code Schema.of("x", LONG, "label", STRING)}. */
    public static Schema of(Object... namesAndTypes) {
        if (namesAndTypes.length % 2 != 0) {
            throw new IllegalArgumentException("Schema.of takes name, type pairs; got " + namesAndTypes.length
                    + " arguments");
        }
        var out = new ArrayList<Field>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            out.add(new Field((String) namesAndTypes[i], (ColumnType) namesAndTypes[i + 1]));
        }
        return new Schema(out);
    }

    public List<String> names() {
        return fields.stream().map(Field::name).toList();
    }

    public int size() {
        return fields.size();
    }

    /** The position of column {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The position of column {@code name}; fails naming the columns there are. */
    public int require(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "': the columns are " + names());
        }
        return i;
    }

    public Field field(String name) {
        return fields.get(require(name));
    }

    /** Column name to type. */
    public Map<String, ColumnType> types() {
        var out = new java.util.LinkedHashMap<String, ColumnType>();
        fields.forEach(f -> out.put(f.name(), f.type()));
        return out;
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
