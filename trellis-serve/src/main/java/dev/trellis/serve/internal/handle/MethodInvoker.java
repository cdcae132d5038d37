package dev.trellis.serve.internal.handle;

import dev.trellis.serve.DeploymentResponse;
import java.lang.reflect.Method;

/** A handle that can also be called by {@link Method} (for drivers and ingresses that pick the method at run time). */
public interface MethodInvoker {
    <R> DeploymentResponse<R> invoke(Method method, Object... args);
}
