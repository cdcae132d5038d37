package dev.trellis.serve.internal.invoke;

import dev.trellis.serve.internal.batch.BatchMethods;
import dev.trellis.serve.internal.batch.BatchShape;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

/**
 * The types of one call of a method, as callers see them: its declared types, except for a
 * {@link dev.trellis.serve.Batch @Batch} method, which is declared with lists but called one item
 * at a time: a call of {@code List<O> predict(List<I>)} takes one {@code I} and returns one
 * {@code O}, and a call of {@code Stream<List<O>> generate(List<I>)} takes one {@code I} and
 * streams {@code O}s. Everything that decodes, binds or describes call arguments and results
 * (message codecs, HTTP adapters, OpenAPI, graph checks) asks here instead of reflection.
 */
public final class CallSignature {
    private CallSignature() {
    }

    /** The generic types of one call's arguments. */
    public static Type[] parameterTypes(Method method) {
        BatchShape batch = BatchMethods.shape(method);
        return batch == null ? method.getGenericParameterTypes() : new Type[] {batch.input()};
    }

    /** The classes of one call's arguments. */
    public static Class<?>[] rawParameterTypes(Method method) {
        BatchShape batch = BatchMethods.shape(method);
        return batch == null ? method.getParameterTypes() : new Class<?>[] {BatchMethods.raw(batch.input())};
    }

    /** The generic type of one call's result. */
    public static Type returnType(Method method) {
        BatchShape batch = BatchMethods.shape(method);
        return batch == null ? method.getGenericReturnType() : batch.callReturnType();
    }

    /** The class of one call's result. */
    public static Class<?> rawReturnType(Method method) {
        BatchShape batch = BatchMethods.shape(method);
        return batch == null ? method.getReturnType() : BatchMethods.raw(batch.callReturnType());
    }
}
