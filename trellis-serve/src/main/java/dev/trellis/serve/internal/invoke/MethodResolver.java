package dev.trellis.serve.internal.invoke;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the {@link Method} a {@link MethodKey} names on a class that is already loaded (a
 * deployment class or one of its supertypes), comparing names only: a key read from the
 * network can never cause a class to be loaded. Thread-safe, cached.
 */
public final class MethodResolver {
    private final Map<Class<?>, Map<MethodKey, Method>> cache = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException naming the method and class when {@code cls} has no such public method
     */
    public Method find(Class<?> cls, MethodKey key) {
        Map<MethodKey, Method> methods = cache.computeIfAbsent(cls, c -> new ConcurrentHashMap<>());
        Method m = methods.get(key);
        if (m == null) {
            m = search(cls, key);
            methods.put(key, m);
        }
        return m;
    }

    private static Method search(Class<?> cls, MethodKey key) {
        for (Method candidate : cls.getMethods()) {
            if (candidate.getName().equals(key.methodName()) && MethodKey.of(candidate).parameterTypes().equals(key.parameterTypes())
                    && candidate.getDeclaringClass().getName().equals(key.className())) {
                return candidate;
            }
        }
        for (Method candidate : cls.getMethods()) {
            if (candidate.getName().equals(key.methodName())
                    && MethodKey.of(candidate).parameterTypes().equals(key.parameterTypes())) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("deployment class " + cls.getName() + " has no public method "
                + key.display());
    }
}
