package dev.trellis.serve.internal.handle;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.DeploymentStream;
import dev.trellis.serve.Method0;
import dev.trellis.serve.Method1;
import dev.trellis.serve.Method2;
import dev.trellis.serve.Method3;
import dev.trellis.serve.Method4;
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
        return invoke(MethodRefs.resolve(method), a);
    }

    @Override
    public <A, R> DeploymentResponse<R> remote(Method1<T, A, R> method, DeploymentResponse<? extends A> a) {
        return invoke(MethodRefs.resolve(method), a);
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
}
