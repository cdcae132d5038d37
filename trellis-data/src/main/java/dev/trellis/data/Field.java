package dev.trellis.data;

import java.util.Objects;

/** A named, typed column of a {@link Schema}. */
public record Field(String name, ColumnType type) {
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a column name must not be blank");
        }
    }

    @Override
    public String toString() {
        return name + ": " + type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
