package dev.trellis.serve.internal.messages;

import dev.trellis.serve.internal.invoke.MethodKey;
import dev.trellis.serve.internal.invoke.MethodResolver;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The allow-list of classes whose methods may be named in messages: deployment classes this
 * node has been asked to run or call, and their supertypes. Filled when applications are
 * planned; consulted when messages are decoded. Thread-safe.
 */
public final class KnownClasses {
    private final Map<String, Class<?>> byName = new ConcurrentHashMap<>();
    private final MethodResolver resolver = new MethodResolver();

    /** Allows {@code cls} and all of its superclasses and interfaces. */
    public void register(Class<?> cls) {
        if (cls == null || byName.putIfAbsent(cls.getName(), cls) != null) {
            return;
        }
        register(cls.getSuperclass());
        for (Class<?> i : cls.getInterfaces()) {
            register(i);
        }
    }

    /** The method {@code key} names, on a class already registered. */
    public Method method(MethodKey key) {
        Class<?> cls = byName.get(key.className());
        if (cls == null) {
            throw new IllegalArgumentException("message names class " + key.className()
                    + ", which is not a deployment class known to this node");
        }
        return resolver.find(cls, key);
    }
}
