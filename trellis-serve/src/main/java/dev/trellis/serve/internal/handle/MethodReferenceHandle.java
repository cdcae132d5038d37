package dev.trellis.serve.internal.handle;

import dev.trellis.serve.BatchMethod;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.DeploymentStream;
import dev.trellis.serve.Method0;
import dev.trellis.serve.Method1;
import dev.trellis.serve.Method2;
import dev.trellis.serve.Method3;
import dev.trellis.serve.Method4;
import dev.trellis.serve.StreamingBatchMethod;
import dev.trellis.serve.internal.batch.BatchMethods;
import dev.trellis.serve.internal.invoke.MethodRefs;
import java.lang.reflect.Method;
import java.util.stream.Stream;

/**
 * The typed {@link DeploymentHandle} surface, reduced to two operations on the resolved
 * {@link Method}: a call and a streaming call. Deployed handles and local-execution handles
 * differ only in those two.
 */
public abstract class MethodReferenceHandle<T> implements DeploymentHandle<T>, MethodInvoker {

    /** Starts a streaming call of {@code method}. */
    protected abstract <R> DeploymentStream<R> invokeStreaming(Method method, Object... args);

    @Override
    public <R> DeploymentResponse<R> remote(Method0<T, R> method) {
        return invoke(MethodRefs.resolve(method));
    }

    @Override
    public <A, R> DeploymentResponse<R> remote(Method1<T, A, R> method, A a) {
        return invoke(notBatch(MethodRefs.resolve(method)), a);
    }

    @Override
    public <A, R> DeploymentResponse<R> remote(Method1<T, A, R> method, DeploymentResponse<? extends A> a) {
        return invoke(notBatch(MethodRefs.resolve(method)), a);
    }

    @Override
    public <A, B, R> DeploymentResponse<R> remote(Method2<T, A, B, R> method, A a, B b) {
        return invoke(MethodRefs.resolve(method), a, b);
    }

    @Override
    public <A, B, R> DeploymentResponse<R> remote(Method2<T, A, B, R> method, DeploymentResponse<? extends A> a, B b) {
        return invoke(MethodRefs.resolve(method), a, b);
    }

    @Override
    public <A, B, R> DeploymentResponse<R> remote(Method2<T, A, B, R> method, A a, DeploymentResponse<? extends B> b) {
        return invoke(MethodRefs.resolve(method), a, b);
    }

    @Override
    public <A, B, R> DeploymentResponse<R> remote(Method2<T, A, B, R> method, DeploymentResponse<? extends A> a,
                                                  DeploymentResponse<? extends B> b) {
        return invoke(MethodRefs.resolve(method), a, b);
    }

    @Override
    public <A, B, C, R> DeploymentResponse<R> remote(Method3<T, A, B, C, R> method, A a, B b, C c) {
        return invoke(MethodRefs.resolve(method), a, b, c);
    }

    @Override
    public <A, B, C, D, R> DeploymentResponse<R> remote(Method4<T, A, B, C, D, R> method, A a, B b, C c, D d) {
        return invoke(MethodRefs.resolve(method), a, b, c, d);
    }

    @Override
    public <R> DeploymentStream<R> stream(Method0<T, Stream<R>> method) {
        return invokeStreaming(MethodRefs.resolve(method));
    }

    @Override
    public <A, R> DeploymentStream<R> stream(Method1<T, A, Stream<R>> method, A a) {
        return invokeStreaming(MethodRefs.resolve(method), a);
    }

    @Override
    public <A, B, R> DeploymentStream<R> stream(Method2<T, A, B, Stream<R>> method, A a, B b) {
        return invokeStreaming(MethodRefs.resolve(method), a, b);
    }

    @Override
    public <I, O> DeploymentResponse<O> remoteBatched(BatchMethod<T, I, O> method, I item) {
        return invoke(batch(MethodRefs.resolve(method)), item);
    }

    @Override
    public <I, O> DeploymentResponse<O> remoteBatched(BatchMethod<T, I, O> method, DeploymentResponse<? extends I> item) {
        return invoke(batch(MethodRefs.resolve(method)), item);
    }

    @Override
    public <I, O> DeploymentStream<O> streamBatched(StreamingBatchMethod<T, I, O> method, I item) {
        return invokeStreaming(batch(MethodRefs.resolve(method)), item);
    }

    /** A {@code @Batch} method is called with one item, through {@code remoteBatched}, never with a whole list. */
    private static Method notBatch(Method method) {
        if (BatchMethods.isBatch(method)) {
            throw new IllegalArgumentException(BatchMethods.name(method) + " is a @Batch method: call it one item at a"
                    + " time with remoteBatched(" + method.getDeclaringClass().getSimpleName() + "::" + method.getName()
                    + ", item); the replica forms the batches");
        }
        return method;
    }

    private static Method batch(Method method) {
        if (!BatchMethods.isBatch(method)) {
            throw new IllegalArgumentException(BatchMethods.name(method) + " is not annotated @Batch; call it with"
                    + " remote(...), or annotate it @Batch to have its calls batched");
        }
        return method;
    }
}
