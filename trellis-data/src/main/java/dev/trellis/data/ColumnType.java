package dev.trellis.data;

/**
 * The type of a column of a {@link Batch}, and the Java array that holds it: {@code long[]},
 * {@code double[]}, {@code boolean[]}, {@code String[]} or {@code byte[][]}. Integers of any
 * width are {@code LONG}, floating point numbers {@code DOUBLE}.
 */
public enum ColumnType {
    LONG,
    DOUBLE,
    BOOLEAN,
    STRING,
    BINARY;

    /** The column type of a Java value ({@code Integer} and {@code Long} are {@code LONG}...); null if none fits. */
    public static ColumnType of(Object value) {
        return switch (value) {
            case Long l -> LONG;
            case Integer i -> LONG;
            case Short s -> LONG;
            case Byte b -> LONG;
            case Double d -> DOUBLE;
            case Float f -> DOUBLE;
            case Boolean b -> BOOLEAN;
            case String s -> STRING;
            case byte[] b -> BINARY;
            case null, default -> null;
        };
    }
}
