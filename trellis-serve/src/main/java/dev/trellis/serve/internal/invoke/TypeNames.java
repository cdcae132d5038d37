package dev.trellis.serve.internal.invoke;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Declared types as messages name them: {@code int}, {@code String}, {@code List<Number>}, {@code Item[]}. */
final class TypeNames {
    private TypeNames() {
    }

    static String of(Type type) {
        return switch (type) {
            case Class<?> c when c.isArray() -> of(c.getComponentType()) + "[]";
            case Class<?> c -> c.getSimpleName();
            case ParameterizedType p -> of(p.getRawType()) + Arrays.stream(p.getActualTypeArguments())
                    .map(TypeNames::of).collect(Collectors.joining(", ", "<", ">"));
            case WildcardType w -> w.getLowerBounds().length > 0 ? "Object" : of(w.getUpperBounds()[0]);
            case TypeVariable<?> v -> of(v.getBounds()[0]);
            case GenericArrayType g -> of(g.getGenericComponentType()) + "[]";
            default -> type.getTypeName();
        };
    }
}
