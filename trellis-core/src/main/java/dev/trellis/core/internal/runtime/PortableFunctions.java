package dev.trellis.core.internal.runtime;

import java.io.Serializable;

/**
 * For the libraries on Core (Data's transforms, say): a user's function that travels inside a
 * task's argument rather than as the task itself. In one JVM the function object is called as
 * it is (a lambda may capture values); on another node only what {@link FunctionRef} names can
 * be called, resolved by the same rules as task code ({@code TRELLIS_CODE_PACKAGES}, no JDK
 * methods).
 */
public final class PortableFunctions {
    private PortableFunctions() {
    }

    /** The descriptor of {@code fn}, or null when it is a lambda that captures values (it cannot cross nodes). */
    public static FunctionRef describe(Serializable fn) {
        try {
            return FunctionRef.of(fn);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Calls the method {@code ref} names, on this node's class path, with {@code args}. */
    public static Object call(FunctionRef ref, Object[] args) throws Exception {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : PortableFunctions.class.getClassLoader();
        return RemoteCode.resolve(ref, loader).call(args);
    }

    /** Calls {@code fn} itself (a Trellis function of 0 to 7 arguments) with {@code args}. */
    public static Object callLocal(Serializable fn, Object[] args) throws Exception {
        return FunctionRef.invoke(fn, args);
    }
}
