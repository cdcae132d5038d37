package dev.trellis.serve.internal.invoke;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a value already is of a declared generic type, so that it can be passed to a method
 * declaring it without conversion. Looks inside the containers a JSON value is made of
 * (collections, maps, {@code Optional}s, arrays): a {@code List<Number>} holding a string does
 * not conform, although the erased {@code List} would accept it and the method would fail later
 * with a {@code ClassCastException}. Other generic classes are checked by their raw class only.
 */
final class TypeConformance {
    private TypeConformance() {
    }

    /** Whether {@code value} may be passed where {@code type} is declared; {@code null} conforms to any reference type. */
    static boolean conforms(Object value, Type type) {
        if (value == null) {
            return !(type instanceof Class<?> c && c.isPrimitive());
        }
        return switch (type) {
            case Class<?> c -> c == Object.class || boxed(c).isInstance(value);
            case ParameterizedType p -> parameterized(value, p);
            case WildcardType w -> conforms(value, w.getUpperBounds()[0]);
            case TypeVariable<?> v -> conforms(value, v.getBounds()[0]);
            case GenericArrayType g -> value instanceof Object[] array && allConform(array, g.getGenericComponentType());
            default -> false;
        };
    }

    private static boolean parameterized(Object value, ParameterizedType p) {
        if (!(p.getRawType() instanceof Class<?> raw) || !raw.isInstance(value)) {
            return false;
        }
        Type[] args = p.getActualTypeArguments();
        return switch (value) {
            case Collection<?> c when args.length == 1 -> allConform(c, args[0]);
            case Map<?, ?> m when args.length == 2 -> allConform(m.keySet(), args[0]) && allConform(m.values(), args[1]);
            case Optional<?> o when args.length == 1 -> o.isEmpty() || conforms(o.get(), args[0]);
            default -> true;
        };
    }

    private static boolean allConform(Iterable<?> values, Type element) {
        if (element == Object.class) {
            return true;
        }
        for (Object v : values) {
            if (!conforms(v, element)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allConform(Object[] values, Type element) {
        return allConform(java.util.Arrays.asList(values), element);
    }

    static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return switch (c.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "boolean" -> Boolean.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            default -> Void.class;
        };
    }
}
