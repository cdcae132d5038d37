package dev.trellis.serve.internal.invoke;

import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * Turns a method reference ({@code Model::forward}) into the {@link Method} it names, by
 * reading the {@link SerializedLambda} the compiler generates for serializable lambdas (the
 * same trick Ray's Java API uses). Only the caller's own lambda is inspected; nothing is
 * deserialized. Results are cached per lambda class.
 */
public final class MethodRefs {
    private static final java.util.concurrent.ConcurrentHashMap<Class<?>, Method> METHODS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private MethodRefs() {
    }

    /**
     * The method {@code ref} refers to.
     *
     * @throws IllegalArgumentException if {@code ref} is a lambda or a bound reference
     *     ({@code obj::m}) rather than an unbound method reference ({@code Model::forward})
     */
    public static Method resolve(Serializable ref) {
        Method cached = METHODS.get(ref.getClass());
        if (cached != null) {
            return cached;
        }
        Method m = inspect(ref);
        METHODS.put(ref.getClass(), m);
        return m;
    }

    private static Method inspect(Serializable ref) {
        SerializedLambda lambda = serializedForm(ref);
        if (lambda.getCapturedArgCount() != 0 || lambda.getImplMethodName().startsWith("lambda$")) {
            throw new IllegalArgumentException("handle calls take an unbound method reference of the deployment"
                    + " class, such as Model::forward; got a lambda or bound reference implemented by "
                    + lambda.getImplClass().replace('/', '.') + "." + lambda.getImplMethodName());
        }
        int kind = lambda.getImplMethodKind();
        if (kind != MethodHandleInfo.REF_invokeVirtual && kind != MethodHandleInfo.REF_invokeInterface) {
            throw new IllegalArgumentException("handle calls take an instance method reference (Model::forward); "
                    + lambda.getImplMethodName() + " is a static method or constructor");
        }
        try {
            ClassLoader loader = ref.getClass().getClassLoader();
            Class<?> owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, loader);
            MethodType type = MethodType.fromMethodDescriptorString(lambda.getImplMethodSignature(), loader);
            Method method = findMethod(owner, lambda.getImplMethodName(), type.parameterArray());
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot resolve method reference " + lambda.getImplClass() + "::"
                    + lambda.getImplMethodName() + ": " + e, e);
        }
    }

    private static Method findMethod(Class<?> owner, String name, Class<?>[] params) throws NoSuchMethodException {
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(name, params);
            } catch (NoSuchMethodException ignored) {
                // keep looking up the hierarchy
            }
        }
        return owner.getMethod(name, params);
    }

    static SerializedLambda serializedForm(Serializable ref) {
        try {
            Method writeReplace = ref.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return (SerializedLambda) writeReplace.invoke(ref);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("expected a method reference such as Model::forward, got "
                    + ref.getClass().getName(), e);
        }
    }
}
