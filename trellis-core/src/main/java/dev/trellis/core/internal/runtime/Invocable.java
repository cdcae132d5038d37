package dev.trellis.core.internal.runtime;

/**
 * Something a node can call with argument values: the caller's own method reference in its JVM,
 * or on another node the method its {@link FunctionRef} names ({@link RemoteCode}).
 */
@FunctionalInterface
interface Invocable {
    Object call(Object[] args) throws Exception;

    /** The caller's method reference itself. */
    static Invocable of(java.io.Serializable fn) {
        return args -> FunctionRef.invoke(fn, args);
    }
}
