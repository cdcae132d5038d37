package dev.trellis.http.internal.routes;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A type a path or query parameter can be converted to from its text: String, the primitives
 * and their boxes, enums (by constant name, any case), UUID and BigDecimal. Immutable.
 *
 * @param type    the Java type values are converted to (boxed for primitives)
 * @param name    the type's name in messages and documentation ("int", "UUID", "Color")
 * @param convert text to value; throws {@link IllegalArgumentException} when the text is not one
 */
record ScalarType(Class<?> type, String name, Function<String, Object> convert) {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final List<String> TRUE = List.of("true", "1", "yes", "on");
    private static final List<String> FALSE = List.of("false", "0", "no", "off");

    private static final Map<Class<?>, ScalarType> BUILT_IN = Map.ofEntries(
            entry(String.class, "string", s -> s),
            entry(int.class, "int", Integer::valueOf),
            entry(Integer.class, "int", Integer::valueOf),
            entry(long.class, "long", Long::valueOf),
            entry(Long.class, "long", Long::valueOf),
            entry(short.class, "short", Short::valueOf),
            entry(Short.class, "short", Short::valueOf),
            entry(byte.class, "byte", Byte::valueOf),
            entry(Byte.class, "byte", Byte::valueOf),
            entry(double.class, "double", ScalarType::parseDouble),
            entry(Double.class, "double", ScalarType::parseDouble),
            entry(float.class, "float", ScalarType::parseFloat),
            entry(Float.class, "float", ScalarType::parseFloat),
            entry(boolean.class, "boolean", ScalarType::parseBoolean),
            entry(Boolean.class, "boolean", ScalarType::parseBoolean),
            entry(char.class, "char", ScalarType::parseChar),
            entry(Character.class, "char", ScalarType::parseChar),
            entry(UUID.class, "UUID", ScalarType::parseUuid),
            entry(BigDecimal.class, "decimal", BigDecimal::new));

    /** The scalar type for {@code type}, or null if parameters cannot have it. */
    static ScalarType of(Class<?> type) {
        ScalarType builtIn = BUILT_IN.get(type);
        if (builtIn != null) {
            return builtIn;
        }
        if (type.isEnum()) {
            return new ScalarType(type, type.getSimpleName(), s -> parseEnum(type, s));
        }
        return null;
    }

    /**
     * Converts {@code text}.
     *
     * @throws IllegalArgumentException with a message naming the expected type when it is not one
     */
    Object parse(String text) {
        try {
            return convert.apply(text);
        } catch (IllegalArgumentException e) {
            if (type.isEnum()) {
                throw new IllegalArgumentException("expected one of " + constants(type) + ", got '" + text + "'");
            }
            throw new IllegalArgumentException("expected " + name + ", got '" + text + "'");
        }
    }

    private static Map.Entry<Class<?>, ScalarType> entry(Class<?> type, String name, Function<String, Object> convert) {
        return Map.entry(type, new ScalarType(type, name, convert));
    }

    private static double parseDouble(String s) {
        // Double.parseDouble also takes "1d", "0x1p3", "NaN" and blanks around, which are no numbers in a URL.
        if (!DECIMAL.matcher(s).matches()) {
            throw new NumberFormatException(s);
        }
        double value = Double.parseDouble(s);
        if (Double.isInfinite(value)) { // "1e400": too large for a double
            throw new NumberFormatException(s);
        }
        return value;
    }

    private static float parseFloat(String s) {
        float value = (float) parseDouble(s);
        if (Float.isInfinite(value)) { // "1e39": too large for a float
            throw new NumberFormatException(s);
        }
        return value;
    }

    private static boolean parseBoolean(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
            return true;
        }
        if (FALSE.contains(lower)) {
            return false;
        }
        throw new IllegalArgumentException(s);
    }

    private static char parseChar(String s) {
        if (s.length() != 1) {
            throw new IllegalArgumentException(s);
        }
        return s.charAt(0);
    }

    private static UUID parseUuid(String s) {
        if (s.length() != 36) {
            throw new IllegalArgumentException(s);
        }
        return UUID.fromString(s);
    }

    private static Object parseEnum(Class<?> type, String s) {
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(s)) {
                return constant;
            }
        }
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(s)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(s);
    }

    private static List<String> constants(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
    }
}
