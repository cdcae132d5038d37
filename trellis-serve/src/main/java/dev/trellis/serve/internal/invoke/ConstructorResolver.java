package dev.trellis.serve.internal.invoke;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.internal.spec.HandleRef;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Picks the public constructor of a deployment class that accepts its bound arguments, so a
 * mismatch is reported when the application is planned, before anything is deployed. A
 * {@link HandleRef} (a bound deployment) matches a {@link DeploymentHandle} parameter.
 */
public final class ConstructorResolver {
    private static final Map<Class<?>, Class<?>> BOXES = Map.of(boolean.class, Boolean.class, byte.class, Byte.class,
            short.class, Short.class, char.class, Character.class, int.class, Integer.class, long.class, Long.class,
            float.class, Float.class, double.class, Double.class);

    private ConstructorResolver() {
    }

    /** @throws IllegalArgumentException naming the class, the argument types and the constructors available */
    public static Constructor<?> find(Class<?> cls, List<Object> args) {
        if (!Modifier.isPublic(cls.getModifiers())) {
            throw new IllegalArgumentException("deployment class " + cls.getName() + " must be public");
        }
        for (Constructor<?> c : cls.getConstructors()) {
            if (accepts(c.getParameterTypes(), args)) {
                return c;
            }
        }
        String given = args.stream().map(ConstructorResolver::describe).collect(Collectors.joining(", "));
        String available = Arrays.stream(cls.getConstructors())
                .map(c -> cls.getSimpleName() + "(" + Arrays.stream(c.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining("; "));
        throw new IllegalArgumentException("no public constructor of " + cls.getName() + " accepts the bound arguments ("
                + given + "); constructors: " + (available.isEmpty() ? "none public" : available));
    }

    private static boolean accepts(Class<?>[] params, List<Object> args) {
        if (params.length != args.size()) {
            return false;
        }
        for (int i = 0; i < params.length; i++) {
            Object arg = args.get(i);
            Class<?> p = params[i];
            if (arg instanceof HandleRef) {
                if (!p.isAssignableFrom(DeploymentHandle.class)) {
                    return false;
                }
            } else if (arg == null) {
                if (p.isPrimitive()) {
                    return false;
                }
            } else if (!BOXES.getOrDefault(p, p).isInstance(arg) && !widens(arg.getClass(), p)) {
                return false;
            }
        }
        return true;
    }

    /** Java's widening primitive conversions, which reflection applies when it unboxes an argument. */
    private static final Map<Class<?>, java.util.Set<Class<?>>> WIDENINGS = Map.of(
            Byte.class, java.util.Set.of(short.class, int.class, long.class, float.class, double.class),
            Short.class, java.util.Set.of(int.class, long.class, float.class, double.class),
            Character.class, java.util.Set.of(int.class, long.class, float.class, double.class),
            Integer.class, java.util.Set.of(long.class, float.class, double.class),
            Long.class, java.util.Set.of(float.class, double.class),
            Float.class, java.util.Set.of(double.class));

    private static boolean widens(Class<?> argType, Class<?> param) {
        return param.isPrimitive() && WIDENINGS.getOrDefault(argType, java.util.Set.of()).contains(param);
    }

    private static String describe(Object arg) {
        if (arg instanceof HandleRef ref) {
            return "DeploymentHandle<" + ref.deploymentName() + ">";
        }
        return arg == null ? "null" : arg.getClass().getSimpleName();
    }
}
