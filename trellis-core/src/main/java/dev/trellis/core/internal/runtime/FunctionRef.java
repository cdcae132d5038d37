package dev.trellis.core.internal.runtime;

import dev.trellis.core.function.TrellisFunc0;
import dev.trellis.core.function.TrellisFunc1;
import dev.trellis.core.function.TrellisFunc2;
import dev.trellis.core.function.TrellisFunc3;
import dev.trellis.core.function.TrellisFunc4;
import dev.trellis.core.function.TrellisFunc5;
import dev.trellis.core.function.TrellisFunc6;
import dev.trellis.core.function.TrellisFunc7;
import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * What a task's, constructor's or actor method's method reference names, read once per lambda
 * class from the {@link SerializedLambda} the compiler generates (Ray's Java API does the same).
 * In one JVM the reference itself is called; across nodes the descriptor ({@link #className},
 * {@link #methodName}, {@link #signature}) names the method to call on the other side.
 *
 * @param className the class that declares the method, e.g. {@code dev.trellis.examples.Fns}
 * @param methodName the method, or {@code <init>} for a constructor
 * @param signature the JVM method descriptor, e.g. {@code (I)Ljava/lang/Integer;}
 * @param kind a {@link MethodHandleInfo} reference kind
 */
public record FunctionRef(String className, String methodName, String signature, int kind) {
    private static final java.util.concurrent.ConcurrentHashMap<Class<?>, FunctionRef> BY_CLASS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The descriptor of {@code fn}, a method reference or lambda given to the API. */
    public static FunctionRef of(Serializable fn) {
        FunctionRef cached = BY_CLASS.get(fn.getClass());
        if (cached != null) {
            return cached;
        }
        SerializedLambda lambda = serializedForm(fn);
        if (lambda.getCapturedArgCount() != 0) {
            throw new IllegalArgumentException("Trellis takes a method reference such as Fns::square or Counter::new,"
                    + " or a lambda that captures nothing; got one capturing " + lambda.getCapturedArgCount()
                    + " value(s) in " + lambda.getImplClass().replace('/', '.') + "." + lambda.getImplMethodName()
                    + ": pass those values as arguments instead");
        }
        FunctionRef ref = new FunctionRef(lambda.getImplClass().replace('/', '.'), lambda.getImplMethodName(),
                lambda.getImplMethodSignature(), lambda.getImplMethodKind());
        BY_CLASS.putIfAbsent(fn.getClass(), ref);
        return ref;
    }

    /** A short name for status and errors: {@code Fns.square}, {@code Counter.<init>}. */
    public String displayName() {
        String simple = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
        String method = methodName.startsWith("lambda$") ? "lambda" : methodName;
        return simple + "." + method;
    }

    /** True when it names a constructor ({@code Counter::new}). */
    public boolean isConstructor() {
        return kind == MethodHandleInfo.REF_newInvokeSpecial;
    }

    /** The class a constructor reference makes, loaded with {@code loader}. */
    public Class<?> declaringClass(ClassLoader loader) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("class " + className + " is not on this node's class path", e);
        }
    }

    /** Calls {@code fn} with {@code args} (as many as its arity). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Object invoke(Serializable fn, Object[] a) throws Exception {
        return switch (fn) {
            case TrellisFunc0 f -> f.apply();
            case TrellisFunc1 f -> f.apply(a[0]);
            case TrellisFunc2 f -> f.apply(a[0], a[1]);
            case TrellisFunc3 f -> f.apply(a[0], a[1], a[2]);
            case TrellisFunc4 f -> f.apply(a[0], a[1], a[2], a[3]);
            case TrellisFunc5 f -> f.apply(a[0], a[1], a[2], a[3], a[4]);
            case TrellisFunc6 f -> f.apply(a[0], a[1], a[2], a[3], a[4], a[5]);
            case TrellisFunc7 f -> f.apply(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
            default -> throw new IllegalArgumentException("not a Trellis function: " + fn.getClass().getName());
        };
    }

    private static SerializedLambda serializedForm(Serializable fn) {
        try {
            Method writeReplace = fn.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return (SerializedLambda) writeReplace.invoke(fn);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("expected a method reference such as Fns::square, got "
                    + fn.getClass().getName(), e);
        }
    }
}
