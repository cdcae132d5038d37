package dev.trellis.serve.internal.multiplex;

import dev.trellis.serve.Multiplexed;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Multiplexed @Multiplexed} loader of a deployment class, found and checked once per
 * class: an instance method taking one {@code String} (the model id) and returning the model,
 * with {@code max_num_models_per_replica >= 1}, at most one per class (the replica reports one
 * set of model ids, and the router routes by it).
 *
 * @param method                 the loader
 * @param maxNumModelsPerReplica the cache's capacity
 */
public record MultiplexedLoader(Method method, int maxNumModelsPerReplica) {
    private static final ClassValue<Optional<MultiplexedLoader>> BY_CLASS = new ClassValue<>() {
        @Override
        protected Optional<MultiplexedLoader> computeValue(Class<?> type) {
            return scan(type);
        }
    };

    /**
     * The loader of {@code cls}, if it has one.
     *
     * @throws IllegalArgumentException naming the method and the rule it breaks
     */
    public static Optional<MultiplexedLoader> of(Class<?> cls) {
        return cls == null ? Optional.empty() : BY_CLASS.get(cls);
    }

    /** "Classifier.load", as messages name it. */
    public String display() {
        return display(method);
    }

    static String display(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }

    private static Optional<MultiplexedLoader> scan(Class<?> cls) {
        List<Method> found = new ArrayList<>();
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Multiplexed.class) && !m.isBridge() && !overridden(m, found)) {
                    found.add(m);
                }
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("deployment class " + cls.getName() + " has " + found.size()
                    + " @Multiplexed methods (" + String.join(", ", found.stream().map(MultiplexedLoader::display)
                    .toList()) + "); at most one method per class may be @Multiplexed");
        }
        Method m = found.getFirst();
        String where = "@Multiplexed method " + display(m);
        if (Modifier.isStatic(m.getModifiers())) {
            throw new IllegalArgumentException(where + " must be an instance method, is static");
        }
        if (m.getParameterCount() != 1 || m.getParameterTypes()[0] != String.class) {
            throw new IllegalArgumentException(where + " must take exactly one String parameter (the model id), takes ("
                    + String.join(", ", Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList()) + ")");
        }
        if (m.getReturnType() == void.class) {
            throw new IllegalArgumentException(where + " must return the loaded model, returns void");
        }
        int max = m.getAnnotation(Multiplexed.class).maxNumModelsPerReplica();
        if (max < 1) {
            throw new IllegalArgumentException("max_num_models_per_replica must be >= 1, was " + max + " (on " + where + ")");
        }
        m.setAccessible(true);
        return Optional.of(new MultiplexedLoader(m, max));
    }

    /** True when a subclass method already found overrides {@code m}. */
    private static boolean overridden(Method m, List<Method> found) {
        return found.stream().anyMatch(f -> f.getName().equals(m.getName())
                && Arrays.equals(f.getParameterTypes(), m.getParameterTypes()));
    }
}
